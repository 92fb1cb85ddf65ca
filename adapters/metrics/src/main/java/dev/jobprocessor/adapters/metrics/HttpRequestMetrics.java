package dev.jobprocessor.adapters.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code http_server_requests_seconds} by method, route template and status. */
public final class HttpRequestMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one request. {@code route} must be the matched template ({@code /jobs/{id}}), never the raw path, so the
     * number of series stays bounded.
     */
    public void record(String method, String route, int status, Duration elapsed) {
        Timer.builder("http.server.requests")
                .description("HTTP requests served, by method, route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(elapsed);
    }
}
