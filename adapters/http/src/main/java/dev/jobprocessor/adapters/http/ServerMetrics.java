package dev.jobprocessor.adapters.http;

import java.time.Duration;

/**
 * This process's metrics as the HTTP adapter sees them: text to serve at {@code /metrics}, and a place to record each
 * request. Bootstrap backs it with the metrics adapter; this adapter never imports a metrics library.
 */
public interface ServerMetrics {

    /** Serves an empty exposition and records nothing: for tests and embedders that bring their own metrics. */
    ServerMetrics NONE = new ServerMetrics() {
        @Override
        public String scrape() {
            return "";
        }

        @Override
        public void requestServed(String method, String route, int status, Duration elapsed) {}
    };

    /** Every metric of this process in the Prometheus text format 0.0.4. */
    String scrape();

    /** {@code route} is the matched template ({@code /jobs/{id}}), or {@code unmatched}: never a raw path. */
    void requestServed(String method, String route, int status, Duration elapsed);

    /** The dashboard's trends over the last hour ({@code GET /admin/trends}); none by default. */
    default Trends trends() {
        return Trends.NONE;
    }
}
