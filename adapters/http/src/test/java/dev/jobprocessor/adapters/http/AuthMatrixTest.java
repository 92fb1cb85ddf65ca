package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/SPEC.md §11 for every route the server answers: no token → 401, an unknown token → 401, a token without the
 * scope → 403, the right scope → the route's own success; open routes answer without a token. Refused requests change
 * nothing.
 */
class AuthMatrixTest {

    private static final String READER = "reader-secret-0123456789abcdef0123456";
    private static final String SUBMITTER = "submit-secret-0123456789abcdef0123456";
    private static final String WORKER = "worker-secret-0123456789abcdef0123456";
    private static final String ADMIN = "admin-secret-0123456789abcdef01234567";
    private static final String UNKNOWN = "unknown-secret-0123456789abcdef0123456";

    private final TestServer server = new TestServer(ApiTokens.parse("reader:read:" + READER + ";submitter:submit:"
            + SUBMITTER + ";worker:work:" + WORKER + ";ops:admin:" + ADMIN));

    @AfterEach
    void stop() {
        server.close();
    }

    /** A request to the route, prepared with whatever state it needs to succeed (set up with the admin token). */
    private record Call(String method, String path, String body) {}

    private final Map<Route, Function<AuthMatrixTest, Call>> successfulCalls = Map.ofEntries(
            Map.entry(new Route("POST", "/jobs"), t -> new Call("POST", "/jobs", "{\"type\":\"mail\"}")),
            Map.entry(
                    new Route("POST", "/jobs/batch"),
                    t -> new Call("POST", "/jobs/batch", "{\"jobs\":[{\"type\":\"mail\"}]}")),
            Map.entry(new Route("GET", "/jobs"), t -> new Call("GET", "/jobs", null)),
            Map.entry(new Route("GET", "/jobs/{id}"), t -> new Call("GET", "/jobs/" + t.pendingJob(), null)),
            Map.entry(
                    new Route("POST", "/jobs/{id}/cancel"),
                    t -> new Call("POST", "/jobs/" + t.pendingJob() + "/cancel", "{}")),
            Map.entry(
                    new Route("POST", "/jobs/{id}/retry"),
                    t -> new Call("POST", "/jobs/" + t.cancelledJob() + "/retry", "{}")),
            Map.entry(new Route("DELETE", "/jobs/{id}"), t -> new Call("DELETE", "/jobs/" + t.cancelledJob(), null)),
            Map.entry(
                    new Route("POST", "/admin/purge"),
                    t -> new Call("POST", "/admin/purge", "{\"state\":\"cancelled\",\"older_than\":\"0\"}")),
            Map.entry(
                    new Route("POST", "/leases"),
                    t -> new Call("POST", "/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")),
            Map.entry(new Route("POST", "/jobs/{id}/heartbeat"), t -> t.leased("heartbeat", "")),
            Map.entry(new Route("POST", "/jobs/{id}/complete"), t -> t.leased("complete", ",\"result\":{}")),
            Map.entry(
                    new Route("POST", "/jobs/{id}/fail"),
                    t -> t.leased("fail", ",\"error\":\"boom\",\"retryable\":true")),
            Map.entry(new Route("POST", "/jobs/{id}/snooze"), t -> t.leased("snooze", ",\"seconds\":60")),
            Map.entry(new Route("POST", "/leases/complete"), t -> t.leasedBatch("complete", ",\"result\":{}")),
            Map.entry(new Route("POST", "/leases/fail"), t -> t.leasedBatch("fail", ",\"error\":\"boom\"")),
            Map.entry(new Route("POST", "/leases/heartbeat"), t -> t.leasedBatch("heartbeat", "")),
            Map.entry(new Route("POST", "/leases/release"), t -> t.leasedBatch("release", "")),
            Map.entry(new Route("GET", "/health"), t -> new Call("GET", "/health", null)),
            Map.entry(new Route("GET", "/ready"), t -> new Call("GET", "/ready", null)),
            Map.entry(new Route("GET", "/openapi.json"), t -> new Call("GET", "/openapi.json", null)),
            Map.entry(new Route("GET", "/docs"), t -> new Call("GET", "/docs", null)),
            Map.entry(
                    new Route("GET", "/docs/swagger-initializer.js"),
                    t -> new Call("GET", "/docs/swagger-initializer.js", null)),
            Map.entry(
                    new Route("GET", "/docs/swagger-ui-bundle.js"),
                    t -> new Call("GET", "/docs/swagger-ui-bundle.js", null)),
            Map.entry(new Route("GET", "/docs/swagger-ui.css"), t -> new Call("GET", "/docs/swagger-ui.css", null)),
            Map.entry(new Route("GET", "/metrics"), t -> new Call("GET", "/metrics", null)),
            Map.entry(new Route("GET", "/admin/stats"), t -> new Call("GET", "/admin/stats", null)),
            Map.entry(new Route("GET", "/admin/trends"), t -> new Call("GET", "/admin/trends", null)),
            Map.entry(new Route("GET", "/queues"), t -> new Call("GET", "/queues", null)),
            Map.entry(new Route("GET", "/queues/{name}"), t -> {
                t.pendingJob();
                return new Call("GET", "/queues/default", null);
            }),
            Map.entry(
                    new Route("PATCH", "/queues/{name}"),
                    t -> new Call("PATCH", "/queues/mail", "{\"concurrency_limit\":4}")),
            Map.entry(new Route("POST", "/queues/{name}/pause"), t -> new Call("POST", "/queues/mail/pause", "{}")),
            Map.entry(new Route("POST", "/queues/{name}/resume"), t -> new Call("POST", "/queues/mail/resume", "{}")),
            Map.entry(new Route("GET", "/schedules"), t -> new Call("GET", "/schedules", null)),
            Map.entry(new Route("POST", "/schedules"), t -> new Call("POST", "/schedules", SCHEDULE)),
            Map.entry(new Route("GET", "/schedules/{name}"), t -> {
                t.schedule();
                return new Call("GET", "/schedules/mail", null);
            }),
            Map.entry(new Route("PUT", "/schedules/{name}"), t -> new Call("PUT", "/schedules/mail", SCHEDULE)),
            Map.entry(new Route("PATCH", "/schedules/{name}"), t -> {
                t.schedule();
                return new Call("PATCH", "/schedules/mail", "{\"paused\":true}");
            }),
            Map.entry(new Route("DELETE", "/schedules/{name}"), t -> {
                t.schedule();
                return new Call("DELETE", "/schedules/mail", null);
            }),
            Map.entry(new Route("POST", "/schedules/{name}/trigger"), t -> {
                t.schedule();
                return new Call("POST", "/schedules/mail/trigger", null);
            }),
            Map.entry(new Route("POST", "/workflows"), t -> new Call("POST", "/workflows", WORKFLOW)),
            Map.entry(new Route("GET", "/workflows/{id}"), t -> new Call("GET", "/workflows/" + t.workflow(), null)),
            Map.entry(
                    new Route("POST", "/workflows/{id}/cancel"),
                    t -> new Call("POST", "/workflows/" + t.workflow() + "/cancel", "{}")),
            Map.entry(
                    new Route("POST", "/workflows/{id}/retry"),
                    t -> new Call("POST", "/workflows/" + t.workflow() + "/retry", "{}")),
            Map.entry(new Route("POST", "/batches"), t -> new Call("POST", "/batches", BATCH)),
            Map.entry(new Route("GET", "/batches/{id}"), t -> new Call("GET", "/batches/" + t.batch(), null)),
            Map.entry(new Route("GET", "/"), t -> new Call("GET", "/", null)),
            Map.entry(new Route("GET", "/dashboard.js"), t -> new Call("GET", "/dashboard.js", null)),
            Map.entry(new Route("GET", "/dashboard.css"), t -> new Call("GET", "/dashboard.css", null)));

    @Test
    void everyRouteIsCovered() {
        assertThat(successfulCalls.keySet()).containsExactlyInAnyOrderElementsOf(Route.ALL);
    }

    @Test
    void guardedRoutesRefuseMissingUnknownAndUnderScopedTokens() {
        for (Route route : Route.ALL) {
            Scope scope = Access.required(route).orElse(null);
            if (scope == null) {
                continue;
            }
            Call call = successfulCalls.get(route).apply(this);
            int jobsBefore = jobCount();

            Response none = send(call, null);
            assertThat(none.status()).as(route + " without a token").isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer realm=");

            Response unknown = send(call, UNKNOWN);
            assertThat(unknown.status()).as(route + " with an unknown token").isEqualTo(401);
            assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");

            Response underScoped = send(call, lacking(scope));
            assertThat(underScoped.status())
                    .as(route + " with a token lacking " + scope)
                    .isEqualTo(403);
            assertThat(underScoped.errorCode()).isEqualTo("forbidden");
            assertThat(underScoped.body().at("/error/message").asText()).contains(scope.wireName());

            assertThat(jobCount())
                    .as(route + ": refused requests change nothing")
                    .isEqualTo(jobsBefore);

            Response allowed = send(call, holding(scope));
            assertThat(allowed.status())
                    .as(route + " with the " + scope + " scope")
                    .isBetween(200, 204);
            Response asAdmin = send(successfulCalls.get(route).apply(this), ADMIN);
            assertThat(asAdmin.status()).as(route + " as admin").isBetween(200, 204);
        }
    }

    @Test
    void openRoutesAnswerWithoutAToken() {
        for (Route route : Route.ALL) {
            if (Access.required(route).isEmpty()) {
                Response response = send(successfulCalls.get(route).apply(this), null);
                assertThat(response.status()).as(route + " is open").isEqualTo(200);
            }
        }
        assertThat(Access.required(new Route("GET", "/health"))).isEmpty();
        assertThat(Access.required(new Route("GET", "/ready"))).isEmpty();
    }

    @Test
    void jobsRecordTheNameOfTheTokenThatCreatedThem() {
        Response created = send(new Call("POST", "/jobs", "{\"type\":\"mail\"}"), SUBMITTER);
        assertThat(created.body().get("created_by").asText()).isEqualTo("submitter");

        Response batch = send(new Call("POST", "/jobs/batch", "{\"jobs\":[{\"type\":\"a\"},{\"type\":\"b\"}]}"), ADMIN);
        assertThat(batch.body().get("jobs"))
                .allSatisfy(job -> assertThat(job.get("created_by").asText()).isEqualTo("ops"));
        String id = created.body().get("id").asText();
        assertThat(send(new Call("GET", "/jobs/" + id, null), READER)
                        .body()
                        .get("created_by")
                        .asText())
                .isEqualTo("submitter");
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveButTheSecretIsNot() {
        Call list = new Call("GET", "/jobs", null);
        assertThat(statusWithAuthorization(list, "bearer " + READER)).isEqualTo(200);
        assertThat(statusWithAuthorization(list, "BEARER " + READER)).isEqualTo(200);
        assertThat(statusWithAuthorization(list, "Basic " + READER)).isEqualTo(401);
        assertThat(statusWithAuthorization(list, "Bearer " + READER.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(401);
    }

    /** With a client of its own: the JDK's client keeps authentication state between requests to one URI. */
    private int statusWithAuthorization(Call call, String authorization) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            request(call).header("Authorization", authorization).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String lacking(Scope scope) {
        return switch (scope) {
            case READ -> WORKER;
            case SUBMIT -> READER;
            case WORK -> SUBMITTER;
            case ADMIN -> READER;
        };
    }

    private static String holding(Scope scope) {
        return switch (scope) {
            case READ -> READER;
            case SUBMIT -> SUBMITTER;
            case WORK -> WORKER;
            case ADMIN -> ADMIN;
        };
    }

    private static final String SCHEDULE = "{\"name\":\"mail\",\"cron\":\"@daily\",\"job\":{\"type\":\"mail\"}}";
    private static final String BATCH = "{\"jobs\":[{\"type\":\"mail\"}],\"on_success\":{\"type\":\"log\"}}";
    private static final String WORKFLOW =
            "{\"name\":\"mail run\",\"jobs\":[{\"type\":\"mail\",\"ref\":\"a\"},{\"type\":\"log\",\"depends_on\":[\"a\"]}]}";

    private void schedule() {
        assertThat(send(new Call("PUT", "/schedules/mail", SCHEDULE), ADMIN).status())
                .isBetween(200, 201);
    }

    private String batch() {
        return send(new Call("POST", "/batches", BATCH), ADMIN).body().get("id").asText();
    }

    private String workflow() {
        return send(new Call("POST", "/workflows", WORKFLOW), ADMIN)
                .body()
                .get("id")
                .asText();
    }

    private String pendingJob() {
        return send(new Call("POST", "/jobs", "{\"type\":\"mail\"}"), ADMIN)
                .body()
                .get("id")
                .asText();
    }

    private String cancelledJob() {
        String id = pendingJob();
        assertThat(send(new Call("POST", "/jobs/" + id + "/cancel", "{}"), ADMIN)
                        .status())
                .isEqualTo(200);
        return id;
    }

    /** A batch route of the worker protocol, over one freshly leased job. */
    private Call leasedBatch(String action, String extraFields) {
        JsonNode lease = leaseFresh();
        return new Call(
                "POST",
                "/leases/" + action,
                "{\"jobs\":[{\"id\":\"" + lease.get("id").asText() + "\",\"lease_token\":\""
                        + lease.get("lease_token").asText() + "\"" + extraFields + "}]}");
    }

    /** Leases a fresh job (as admin) and calls {@code action} on it with its lease token. */
    private Call leased(String action, String extraFields) {
        JsonNode lease = leaseFresh();
        return new Call(
                "POST",
                "/jobs/" + lease.get("id").asText() + "/" + action,
                "{\"lease_token\":\"" + lease.get("lease_token").asText() + "\"" + extraFields + "}");
    }

    private JsonNode leaseFresh() {
        pendingJob();
        return send(new Call("POST", "/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}"), ADMIN)
                .body()
                .at("/jobs/0");
    }

    private int jobCount() {
        return send(new Call("GET", "/jobs?limit=500", null), ADMIN)
                .body()
                .get("jobs")
                .size();
    }

    private Response send(Call call, String secret) {
        HttpRequest.Builder request = request(call);
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return server.send(request);
    }

    private HttpRequest.Builder request(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(call.path()));
        if (call.body() == null) {
            return request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json")
                .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
    }
}
