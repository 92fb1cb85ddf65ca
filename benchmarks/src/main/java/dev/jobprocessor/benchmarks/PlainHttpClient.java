package dev.jobprocessor.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A keep-alive HTTP/1.1 client for one connection that sends each request, headers and body, in a single write with
 * {@code TCP_NODELAY}, as service clients written for latency do.
 *
 * <p>Why not the JDK's {@code HttpClient}: it writes the headers and the body of a POST separately, and in workload B
 * its round trip to this server was about 8.5 ms where {@code curl} measured 1.1 ms against the same server. Timing
 * the service through that client would time the client. Only what the benchmark needs is implemented: responses with
 * a {@code Content-Length} or chunked.
 */
final class PlainHttpClient implements AutoCloseable {

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    PlainHttpClient(String host, int port) throws IOException {
        this.host = host;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port));
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** An answer: its status and its body, read whole. */
    record Response(int status, String body) {}

    /** POSTs a JSON body; returns the status code once the whole response has been read. */
    int postJson(String path, String body) throws IOException {
        return post(path, body).status();
    }

    /** POSTs a JSON body; returns the status and the body once the whole response has been read. */
    Response post(String path, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + content.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(content, 0, request, head.length, content.length);
        out.write(request);
        out.flush();
        return readResponse();
    }

    /** GETs {@code path}; returns the status code once the whole response has been read. */
    int get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readResponse().status();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            String value = colon > 0 ? line.substring(colon + 1).trim() : "";
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            readChunks(body);
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        } else {
            throw new IOException("the response has neither a Content-Length nor chunks (status " + status + ")");
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private void readChunks(ByteArrayOutputStream body) throws IOException {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes((int) size));
            readLine();
        }
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers carry nothing the benchmark needs
        }
    }

    private long chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the connection closed mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
