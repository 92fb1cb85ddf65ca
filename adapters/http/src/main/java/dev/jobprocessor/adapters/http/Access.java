package dev.jobprocessor.adapters.http;

import java.util.Map;
import java.util.Optional;

/**
 * The scope each route needs (docs/SPEC.md §11). Routes not listed are open: the probes, the API description and the
 * dashboard's static files, which hold no data (the page asks for a token and calls the API with it).
 */
final class Access {

    private static final Map<Route, Scope> REQUIRED = Map.ofEntries(
            Map.entry(new Route("POST", "/jobs"), Scope.SUBMIT),
            Map.entry(new Route("POST", "/jobs/batch"), Scope.SUBMIT),
            Map.entry(new Route("GET", "/jobs"), Scope.READ),
            Map.entry(new Route("GET", "/jobs/{id}"), Scope.READ),
            Map.entry(new Route("POST", "/jobs/{id}/cancel"), Scope.ADMIN),
            Map.entry(new Route("POST", "/jobs/{id}/retry"), Scope.ADMIN),
            Map.entry(new Route("DELETE", "/jobs/{id}"), Scope.ADMIN),
            Map.entry(new Route("POST", "/leases"), Scope.WORK),
            Map.entry(new Route("POST", "/jobs/{id}/heartbeat"), Scope.WORK),
            Map.entry(new Route("POST", "/jobs/{id}/complete"), Scope.WORK),
            Map.entry(new Route("POST", "/jobs/{id}/fail"), Scope.WORK),
            Map.entry(new Route("POST", "/jobs/{id}/snooze"), Scope.WORK),
            Map.entry(new Route("POST", "/leases/complete"), Scope.WORK),
            Map.entry(new Route("POST", "/leases/fail"), Scope.WORK),
            Map.entry(new Route("POST", "/leases/heartbeat"), Scope.WORK),
            Map.entry(new Route("POST", "/leases/release"), Scope.WORK),
            Map.entry(new Route("GET", "/metrics"), Scope.READ),
            Map.entry(new Route("GET", "/admin/stats"), Scope.READ),
            Map.entry(new Route("GET", "/admin/trends"), Scope.READ),
            Map.entry(new Route("POST", "/admin/purge"), Scope.ADMIN),
            Map.entry(new Route("GET", "/queues"), Scope.READ),
            Map.entry(new Route("GET", "/queues/{name}"), Scope.READ),
            Map.entry(new Route("PATCH", "/queues/{name}"), Scope.ADMIN),
            Map.entry(new Route("POST", "/queues/{name}/pause"), Scope.ADMIN),
            Map.entry(new Route("POST", "/queues/{name}/resume"), Scope.ADMIN),
            Map.entry(new Route("GET", "/schedules"), Scope.READ),
            Map.entry(new Route("POST", "/schedules"), Scope.ADMIN),
            Map.entry(new Route("GET", "/schedules/{name}"), Scope.READ),
            Map.entry(new Route("PUT", "/schedules/{name}"), Scope.ADMIN),
            Map.entry(new Route("PATCH", "/schedules/{name}"), Scope.ADMIN),
            Map.entry(new Route("DELETE", "/schedules/{name}"), Scope.ADMIN),
            Map.entry(new Route("POST", "/schedules/{name}/trigger"), Scope.ADMIN),
            Map.entry(new Route("POST", "/workflows"), Scope.SUBMIT),
            Map.entry(new Route("GET", "/workflows/{id}"), Scope.READ),
            Map.entry(new Route("POST", "/workflows/{id}/cancel"), Scope.ADMIN),
            Map.entry(new Route("POST", "/workflows/{id}/retry"), Scope.ADMIN),
            Map.entry(new Route("POST", "/batches"), Scope.SUBMIT),
            Map.entry(new Route("GET", "/batches/{id}"), Scope.READ));

    private Access() {}

    static Optional<Scope> required(Route route) {
        return Optional.ofNullable(REQUIRED.get(route));
    }
}
