package dev.jobprocessor.bootstrap.observability;

import dev.jobprocessor.adapters.http.ServerMetrics;
import dev.jobprocessor.adapters.metrics.HttpRequestMetrics;
import dev.jobprocessor.adapters.metrics.PrometheusMetrics;
import java.time.Duration;

/** The HTTP adapter's view of metrics, backed by the metrics adapter. */
public final class MicrometerServerMetrics implements ServerMetrics {

    private final PrometheusMetrics metrics;
    private final HttpRequestMetrics requests;

    public MicrometerServerMetrics(PrometheusMetrics metrics) {
        this.metrics = metrics;
        this.requests = new HttpRequestMetrics(metrics.registry());
    }

    @Override
    public String scrape() {
        return metrics.scrape();
    }

    @Override
    public void requestServed(String method, String route, int status, Duration elapsed) {
        requests.record(method, route, status, elapsed);
    }
}
