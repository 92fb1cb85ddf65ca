package dev.jobprocessor.adapters.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's trends (docs/OBSERVABILITY.md, "The dashboard"): one point every {@code step} over the last hour,
 * oldest first, as this process's metrics saw them.
 */
public record Trends(Duration step, List<Point> points) {

    /** No history: for tests and embedders without metrics. */
    public static final Trends NONE = new Trends(Duration.ofSeconds(10), List.of());

    public Trends {
        Objects.requireNonNull(step, "step");
        points = List.copyOf(points);
    }

    /**
     * The rates since the previous point, the percentiles (seconds; null without observations) of the attempts in that
     * interval, and each queue's pending jobs.
     */
    public record Point(
            Instant at,
            double createdPerSecond,
            double completedPerSecond,
            double failedPerSecond,
            Percentiles queueWait,
            Percentiles runTime,
            Map<String, Long> backlog) {}

    public record Percentiles(Double p50, Double p95, Double p99) {}
}
