package dev.jobprocessor.adapters.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to the test server that can go silent on the connections it carries, as a network partition does: the
 * bytes still leave, nothing arrives, and neither side is told. Connections made after a freeze work.
 */
final class FreezingProxy implements AutoCloseable {

    /** One relayed connection: its two sockets and whether it has gone silent. */
    private static final class Pipe {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Pipe(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

    FreezingProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection relayed so far carries nothing from now on, either way. */
    void freezeExisting() {
        pipes.forEach(pipe -> pipe.frozen = true);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Pipe pipe = new Pipe(client, new Socket(host, port));
                pipes.add(pipe);
                Thread.ofVirtual().start(() -> relay(pipe.client, pipe.upstream, pipe));
                Thread.ofVirtual().start(() -> relay(pipe.upstream, pipe.client, pipe));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void relay(Socket from, Socket to, Pipe pipe) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!pipe.frozen) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException gone) {
            // one side closed: the relay ends
        } finally {
            if (!pipe.frozen) {
                closeQuietly(pipe);
            }
        }
    }

    private static void closeQuietly(Pipe pipe) {
        try {
            pipe.client.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            pipe.upstream.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pipes.forEach(FreezingProxy::closeQuietly);
    }
}
