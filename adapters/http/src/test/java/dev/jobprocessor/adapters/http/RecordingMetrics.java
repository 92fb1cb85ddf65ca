package dev.jobprocessor.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every request the server reports, and serves a fixed exposition. */
final class RecordingMetrics implements ServerMetrics {

    static final String EXPOSITION =
            "# TYPE jobs_created_total counter\njobs_created_total{queue=\"q\",type=\"t\"} 3.0\n";

    record Served(String method, String route, int status) {}

    final List<Served> served = new CopyOnWriteArrayList<>();

    /** What {@code GET /admin/trends} serves. */
    volatile Trends trends = Trends.NONE;

    @Override
    public Trends trends() {
        return trends;
    }

    @Override
    public String scrape() {
        return EXPOSITION;
    }

    @Override
    public void requestServed(String method, String route, int status, Duration elapsed) {
        served.add(new Served(method, route, status));
    }
}
