package dev.jobprocessor.adapters.http;

import io.javalin.http.Context;
import java.util.Map;

/** docs/SPEC.md §7.2: health, readiness, metrics, statistics, and the dashboard's static files. */
final class OperationsRoutes {

    /**
     * The dashboard loads only its own script and style sheet and talks only to this server; no inline script, no
     * framing (clickjacking), no plugins.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final JobsApi api;

    OperationsRoutes(JobsApi api) {
        this.api = api;
    }

    void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(api.metrics().scrape());
    }

    void stats(Context ctx) {
        ctx.json(StatsView.from(api.statistics().statistics()));
    }

    void trends(Context ctx) {
        ctx.json(TrendsView.from(api.metrics().trends()));
    }

    /** A file of the dashboard, from {@code src/main/resources/dashboard}. */
    static void dashboardFile(Context ctx, String name, String contentType) {
        PageFiles.send(ctx, "/dashboard/" + name, contentType, CONTENT_SECURITY_POLICY);
    }

    static Map<String, String> health() {
        return Map.of("status", "ok");
    }
}
