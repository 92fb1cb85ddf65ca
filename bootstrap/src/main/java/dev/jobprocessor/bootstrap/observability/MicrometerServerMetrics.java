package dev.jobprocessor.bootstrap.observability;

import dev.jobprocessor.adapters.http.ServerMetrics;
import dev.jobprocessor.adapters.http.Trends;
import dev.jobprocessor.adapters.metrics.HttpRequestMetrics;
import dev.jobprocessor.adapters.metrics.PrometheusMetrics;
import dev.jobprocessor.adapters.metrics.TrendRecorder;
import java.time.Duration;

/** The HTTP adapter's view of metrics, backed by the metrics adapter: the scrape, request timings and the trends. */
public final class MicrometerServerMetrics implements ServerMetrics {

    private final PrometheusMetrics metrics;
    private final HttpRequestMetrics requests;
    private final TrendRecorder trends;

    public MicrometerServerMetrics(PrometheusMetrics metrics, TrendRecorder trends) {
        this.metrics = metrics;
        this.requests = new HttpRequestMetrics(metrics.registry());
        this.trends = trends;
    }

    @Override
    public String scrape() {
        return metrics.scrape();
    }

    @Override
    public void requestServed(String method, String route, int status, Duration elapsed) {
        requests.record(method, route, status, elapsed);
    }

    @Override
    public Trends trends() {
        return new Trends(
                trends.step(),
                trends.points().stream()
                        .map(point -> new Trends.Point(
                                point.at(),
                                point.createdPerSecond(),
                                point.completedPerSecond(),
                                point.failedPerSecond(),
                                percentiles(point.queueWait()),
                                percentiles(point.runTime()),
                                point.backlog()))
                        .toList());
    }

    private static Trends.Percentiles percentiles(TrendRecorder.Percentiles percentiles) {
        return new Trends.Percentiles(percentiles.p50(), percentiles.p95(), percentiles.p99());
    }
}
