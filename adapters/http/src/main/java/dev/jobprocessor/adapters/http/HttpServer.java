package dev.jobprocessor.adapters.http;

import io.javalin.Javalin;

/** The running HTTP API: started on a host and port (0 picks a free one), stopped on close. */
public final class HttpServer implements AutoCloseable {

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving at once; throws if the port cannot be bound. */
    public static HttpServer start(JobsApi api, String host, int port) {
        return new HttpServer(HttpApi.create(api).start(host, port));
    }

    /** Starts the operations-only app of a worker process ({@code /health}, {@code /ready}, {@code /metrics}). */
    public static HttpServer startOperations(
            Readiness readiness, ServerMetrics metrics, ApiTokens tokens, String host, int port) {
        return new HttpServer(
                HttpApi.createOperations(readiness, metrics, tokens).start(host, port));
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests and waits for the ones in progress. */
    @Override
    public void close() {
        app.stop();
    }
}
