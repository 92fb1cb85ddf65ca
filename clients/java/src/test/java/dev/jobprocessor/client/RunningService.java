package dev.jobprocessor.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The service's runnable jar as a separate process on a free loopback port, in memory, with one admin token and an
 * embedded worker serving the {@code default} queue: the client's tests talk to the real thing over a real socket.
 */
final class RunningService implements AutoCloseable {

    static final String TOKEN = "client-test-secret-0123456789abcdef0123";
    private static final Path JAR = Path.of(System.getProperty("jobs.jar", "../../bootstrap/target/job-processor.jar"));

    private final Process process;
    final URI base;

    RunningService() {
        this(Map.of());
    }

    /** As above, with {@code environment} added to the process's variables (OTEL_*, say). */
    RunningService(Map<String, String> environment) {
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        Path log = Path.of("target", "service.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            JAR.toString(),
                            "serve")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("JOBS_"));
            builder.environment().put("JOBS_STORE", "memory");
            builder.environment().put("JOBS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("JOBS_QUEUES", "default");
            builder.environment().put("JOBS_POLL_INTERVAL_MS", "100");
            builder.environment().put("JOBS_API_TOKENS", "client-tests:admin:" + TOKEN);
            builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_"));
            builder.environment().putAll(environment);
            process = builder.start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(base.resolve("/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("the service did not become ready; see target/service.log");
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
