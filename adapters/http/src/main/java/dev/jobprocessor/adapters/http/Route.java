package dev.jobprocessor.adapters.http;

import java.util.List;

/** One endpoint the API answers, written the OpenAPI way ({@code /jobs/{id}}). */
record Route(String method, String path) {

    /** Every route, in one place: the server registers exactly these, and the OpenAPI test checks against them. */
    static final List<Route> ALL = List.of(
            new Route("POST", "/jobs"),
            new Route("POST", "/jobs/batch"),
            new Route("GET", "/jobs"),
            new Route("GET", "/jobs/{id}"),
            new Route("POST", "/jobs/{id}/cancel"),
            new Route("POST", "/jobs/{id}/retry"),
            new Route("DELETE", "/jobs/{id}"),
            new Route("POST", "/leases"),
            new Route("POST", "/jobs/{id}/heartbeat"),
            new Route("POST", "/jobs/{id}/complete"),
            new Route("POST", "/jobs/{id}/fail"),
            new Route("POST", "/jobs/{id}/snooze"),
            new Route("POST", "/leases/complete"),
            new Route("POST", "/leases/fail"),
            new Route("POST", "/leases/heartbeat"),
            new Route("POST", "/leases/release"),
            new Route("GET", "/health"),
            new Route("GET", "/ready"),
            new Route("GET", "/openapi.json"),
            new Route("GET", "/docs"),
            new Route("GET", "/docs/swagger-initializer.js"),
            new Route("GET", "/docs/swagger-ui-bundle.js"),
            new Route("GET", "/docs/swagger-ui.css"),
            new Route("GET", "/metrics"),
            new Route("GET", "/admin/stats"),
            new Route("GET", "/admin/trends"),
            new Route("POST", "/admin/purge"),
            new Route("GET", "/queues"),
            new Route("GET", "/queues/{name}"),
            new Route("PATCH", "/queues/{name}"),
            new Route("POST", "/queues/{name}/pause"),
            new Route("POST", "/queues/{name}/resume"),
            new Route("GET", "/schedules"),
            new Route("POST", "/schedules"),
            new Route("GET", "/schedules/{name}"),
            new Route("PUT", "/schedules/{name}"),
            new Route("PATCH", "/schedules/{name}"),
            new Route("DELETE", "/schedules/{name}"),
            new Route("POST", "/schedules/{name}/trigger"),
            new Route("POST", "/workflows"),
            new Route("GET", "/workflows/{id}"),
            new Route("POST", "/workflows/{id}/cancel"),
            new Route("POST", "/workflows/{id}/retry"),
            new Route("POST", "/batches"),
            new Route("GET", "/batches/{id}"),
            new Route("GET", "/"),
            new Route("GET", "/dashboard.js"),
            new Route("GET", "/dashboard.css"));

    /** What a process that only runs workers serves on its own small port. */
    static final List<Route> OPERATIONS =
            List.of(new Route("GET", "/health"), new Route("GET", "/ready"), new Route("GET", "/metrics"));
}
