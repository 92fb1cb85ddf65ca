package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/SPEC.md §7.2 over a real socket: metrics, statistics, the dashboard's files, and the worker-only port. */
class OperationsTest {

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        Response response = server.get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(response.text()).isEqualTo(RecordingMetrics.EXPOSITION);
    }

    @Test
    void trendsAreServedAsTheMetricsKeepThemWithRatesRoundedAndMissingPercentilesNull() {
        server.metrics.trends = new Trends(
                Duration.ofSeconds(10),
                List.of(new Trends.Point(
                        Instant.parse("2026-12-04T10:00:10Z"),
                        2.0,
                        1.23456,
                        0.0,
                        new Trends.Percentiles(0.008, 0.0095, 0.0099),
                        new Trends.Percentiles(null, null, null),
                        Map.of("default", 7L))));

        Response response = server.get("/admin/trends");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("step_seconds").asDouble()).isEqualTo(10.0);
        JsonNode point = body.at("/points/0");
        assertThat(point.get("at").asText()).isEqualTo("2026-12-04T10:00:10Z");
        assertThat(point.get("created_per_second").asDouble()).isEqualTo(2.0);
        assertThat(point.get("completed_per_second").asDouble()).isEqualTo(1.235);
        assertThat(point.at("/queue_wait_seconds/p95").asDouble()).isEqualTo(0.0095);
        assertThat(point.at("/run_seconds/p50").isNull()).isTrue();
        assertThat(point.at("/backlog/default").asLong()).isEqualTo(7);
    }

    @Test
    void everyRequestIsRecordedUnderItsRouteTemplateNeverItsRawPath() {
        String id = server.post("/jobs", "{\"type\":\"mail\"}").body().get("id").asText();
        server.get("/jobs/" + id);
        server.get("/no/such/route/" + id);

        assertThat(server.metrics.served)
                .contains(
                        new RecordingMetrics.Served("POST", "/jobs", 201),
                        new RecordingMetrics.Served("GET", "/jobs/{id}", 200),
                        new RecordingMetrics.Served("GET", "unmatched", 404));
        assertThat(server.metrics.served).noneMatch(s -> s.route().contains(id));
    }

    @Test
    void aMethodTheClientInventsIsRecordedAndEchoedAsOneValue() {
        String invented = "BREW" + "X".repeat(500);
        Response sent = server.send(
                HttpRequest.newBuilder(server.uri("/jobs")).method(invented, HttpRequest.BodyPublishers.noBody()));
        Response overridden = server.send(HttpRequest.newBuilder(server.uri("/jobs"))
                .header("X-HTTP-Method-Override", "FOO\tBAR")
                .GET());

        for (Response response : java.util.List.of(sent, overridden)) {
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.errorCode()).isEqualTo("method_not_allowed");
            assertThat(response.body().at("/error/message").asText())
                    .isEqualTo("the route /jobs does not accept " + HttpApi.UNKNOWN_METHOD);
        }
        assertThat(server.metrics.served)
                .contains(new RecordingMetrics.Served(HttpApi.UNKNOWN_METHOD, "unmatched", 405))
                .allMatch(s -> s.method().length() <= 7);
    }

    @Test
    void statsCountByStateTypeAndQueueAndShowFailuresBacklogAndAttempts() {
        server.post("/jobs", "{\"type\":\"mail\",\"queue\":\"bulk\"}");
        server.post("/jobs", "{\"type\":\"mail\",\"queue\":\"bulk\"}");
        server.post("/jobs", "{\"type\":\"report\",\"max_attempts\":1}");
        JsonNode leased = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")
                .body()
                .at("/jobs/0");
        server.post(
                "/jobs/" + leased.get("id").asText() + "/fail",
                "{\"lease_token\":\"" + leased.get("lease_token").asText()
                        + "\",\"error\":\"disk full\",\"retryable\":true}");
        server.clock.advance(Duration.ofSeconds(42));

        Response response = server.get("/admin/stats");

        assertThat(response.status()).isEqualTo(200);
        JsonNode stats = response.body();
        assertThat(stats.at("/by_state/pending").asLong()).isEqualTo(2);
        assertThat(stats.at("/by_state/dead").asLong()).isEqualTo(1);
        assertThat(stats.at("/by_state/completed").asLong()).isZero();
        assertThat(stats.at("/by_type/mail/pending").asLong()).isEqualTo(2);
        assertThat(stats.at("/by_type/report/dead").asLong()).isEqualTo(1);
        assertThat(stats.at("/by_queue/bulk/pending").asLong()).isEqualTo(2);
        assertThat(stats.at("/by_queue/default/dead").asLong()).isEqualTo(1);
        assertThat(stats.at("/oldest_pending_age_seconds/bulk").decimalValue()).isEqualByComparingTo("42");
        assertThat(stats.at("/oldest_pending_age_seconds").has("default")).isFalse();
        assertThat(stats.at("/average_attempts/dead").decimalValue()).isEqualByComparingTo("1");
        assertThat(stats.at("/average_attempts/failed").isNull()).isTrue();
        assertThat(stats.at("/recent_failures")).hasSize(1);
        JsonNode failure = stats.at("/recent_failures/0");
        assertThat(failure.get("job_id").asText()).isEqualTo(leased.get("id").asText());
        assertThat(failure.get("type").asText()).isEqualTo("report");
        assertThat(failure.get("state").asText()).isEqualTo("dead");
        assertThat(failure.get("attempt").asInt()).isEqualTo(1);
        assertThat(failure.get("error").asText()).isEqualTo("disk full");
        assertThat(stats.get("leader").asText()).isEqualTo("test-server");
    }

    @Test
    void statsShowNoLeaderWhileNoneLeads() {
        server.leadership.resign();

        JsonNode stats = server.get("/admin/stats").body();

        assertThat(stats.has("leader")).isTrue();
        assertThat(stats.get("leader").isNull()).isTrue();
    }

    @Test
    void statsShowNoTableHealthForAStoreWithoutATable() {
        JsonNode stats = server.get("/admin/stats").body();

        assertThat(stats.has("table_health")).isTrue();
        assertThat(stats.get("table_health").isNull())
                .as("the in-memory store has no table")
                .isTrue();
    }

    @Test
    void statsShowTheTableHealthTheStoreReports() {
        Instant now = Instant.parse("2026-12-01T18:54:19.932720Z");
        server.tableHealth = new TableHealth(
                now,
                150_000,
                4_200,
                123_456_789,
                23_456_789,
                Optional.of(now.minusSeconds(90)),
                Optional.of(now.minusMillis(754_250)),
                17,
                Optional.of(
                        new OpenTransaction(4711, now.minusMillis(61_500), "idle in transaction", "reporting", true)));

        JsonNode health = server.get("/admin/stats").body().get("table_health");

        assertThat(health.get("live_tuples").isIntegralNumber()).isTrue();
        assertThat(health.get("live_tuples").asLong()).isEqualTo(150_000);
        assertThat(health.get("dead_tuples").asLong()).isEqualTo(4_200);
        assertThat(health.get("table_bytes").asLong()).isEqualTo(123_456_789);
        assertThat(health.get("index_bytes").asLong()).isEqualTo(23_456_789);
        assertThat(health.get("last_vacuum_at").asText()).isEqualTo("2026-12-01T18:52:49.932720Z");
        assertThat(health.get("last_autovacuum_at").asText()).isEqualTo("2026-12-01T18:41:45.682720Z");
        assertThat(health.get("seconds_since_autovacuum").isNumber()).isTrue();
        assertThat(health.get("seconds_since_autovacuum").decimalValue()).isEqualByComparingTo("754.25");
        assertThat(health.get("autovacuum_count").asLong()).isEqualTo(17);
        assertThat(health.get("oldest_transaction_age_seconds").decimalValue()).isEqualByComparingTo("61.5");
        assertThat(health.get("oldest_transaction_pid").asInt()).isEqualTo(4711);
        assertThat(health.get("oldest_transaction_state").asText()).isEqualTo("idle in transaction");
        assertThat(health.get("oldest_transaction_application").asText()).isEqualTo("reporting");
        assertThat(health.get("oldest_transaction_holds_back_vacuum").asBoolean())
                .isTrue();
        List<String> documented = new ArrayList<>();
        server.get("/openapi.json")
                .body()
                .at("/components/schemas/TableHealth/required")
                .forEach(name -> documented.add(name.asText()));
        List<String> shown = new ArrayList<>();
        health.fieldNames().forEachRemaining(shown::add);
        assertThat(shown).as("the fields the OpenAPI document names").containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void statsShowNullsForAVacuumThatNeverRanAndATransactionThatIsNotThere() {
        server.tableHealth = new TableHealth(
                Instant.parse("2026-12-01T18:54:19Z"),
                0,
                0,
                8_192,
                8_192,
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty());

        JsonNode health = server.get("/admin/stats").body().get("table_health");

        for (String field : List.of(
                "last_vacuum_at",
                "last_autovacuum_at",
                "seconds_since_autovacuum",
                "oldest_transaction_pid",
                "oldest_transaction_state",
                "oldest_transaction_application",
                "oldest_transaction_holds_back_vacuum")) {
            assertThat(health.has(field)).as(field).isTrue();
            assertThat(health.get(field).isNull()).as(field).isTrue();
        }
        assertThat(health.get("oldest_transaction_age_seconds").decimalValue()).isEqualByComparingTo("0");
        assertThat(health.get("autovacuum_count").asLong()).isZero();
    }

    @Test
    void theDashboardIsServedWithItsScriptAndStyleSheet() {
        Response page = server.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<script src=\"/dashboard.js\"", "href=\"/dashboard.css\"");

        Response script = server.get("/dashboard.js");
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.text()).contains("/admin/stats", "/retry", "/cancel");
        assertThat(server.get("/dashboard.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void swaggerUiIsServedFromTheJarOverTheOpenApiDocumentWithNoScriptFromElsewhere() {
        Response page = server.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text())
                .contains("src=\"docs/swagger-ui-bundle.js\"", "src=\"docs/swagger-initializer.js\"")
                .doesNotContain("http://", "https://");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'");

        Response bundle = server.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        assertThat(bundle.text()).as("Swagger UI itself, from its WebJar").contains("SwaggerUIBundle");
        assertThat(server.get("/docs/swagger-ui.css").text()).contains(".swagger-ui");
        assertThat(server.get("/docs/swagger-initializer.js").text())
                .contains("url: \"openapi.json\"", "validatorUrl: null");
    }

    @Test
    void theDashboardIsServedWithAStrictContentSecurityPolicy() {
        Response page = server.get("/");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(server.get("/jobs").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void noCrossOriginAccessIsGranted() {
        Response response = server.send(HttpRequest.newBuilder(server.uri("/jobs"))
                .header("Origin", "https://evil.example")
                .GET());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void oversizedRequestHeadersAreRefusedBeforeAnyHandlerRuns() {
        int before = server.jobCount();
        Response response = server.send(HttpRequest.newBuilder(server.uri("/jobs"))
                .header("Content-Type", "application/json")
                .header("X-Padding", "x".repeat(HttpApi.MAX_REQUEST_HEADER_BYTES + 1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"mail\"}")));
        assertThat(response.status()).isEqualTo(431);
        assertThat(server.jobCount()).isEqualTo(before);
    }

    @Test
    void aWorkerProcessServesHealthReadinessAndMetricsOnly() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        try (HttpServer operations =
                HttpServer.startOperations(() -> false, metrics, ApiTokens.none(), "127.0.0.1", 0)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + operations.port();

            assertThat(status(client, base + "/health")).isEqualTo(200);
            assertThat(status(client, base + "/ready")).isEqualTo(503);
            HttpResponse<String> scrape = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.body()).isEqualTo(RecordingMetrics.EXPOSITION);
            assertThat(status(client, base + "/jobs")).isEqualTo(404);
            assertThat(metrics.served).contains(new RecordingMetrics.Served("GET", "/ready", 503));
        }
    }

    private static int status(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
