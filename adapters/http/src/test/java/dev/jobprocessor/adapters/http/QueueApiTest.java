package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/SPEC.md §7.3 over a real socket: reading queues and changing their settings. */
class QueueApiTest {

    private static final String LEASE_MAIL = "{\"worker_id\":\"w\",\"queues\":[\"mail\"],\"limit\":10}";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Response patch(String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    private void submit(String queue) {
        assertThat(server.post("/jobs", "{\"type\":\"work\",\"queue\":\"" + queue + "\"}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aQueueIsListedFromItsFirstJobWithItsCounts() {
        assertThat(server.get("/queues").body().get("queues")).isEmpty();
        submit("mail");
        submit("mail");
        server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"mail\"],\"limit\":1}");

        JsonNode mail = server.get("/queues").body().at("/queues/0");
        assertThat(mail.get("name").asText()).isEqualTo("mail");
        assertThat(mail.get("paused").asBoolean()).isFalse();
        assertThat(mail.get("paused_at").isNull()).isTrue();
        assertThat(mail.get("concurrency_limit").isNull()).isTrue();
        assertThat(mail.get("pending").asLong()).isEqualTo(1);
        assertThat(mail.get("due").asLong()).isEqualTo(1);
        assertThat(mail.get("running").asLong()).isEqualTo(1);
        assertThat(mail.get("oldest_due_age_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(server.get("/queues/mail").body()).isEqualTo(mail);
        assertThat(server.get("/queues/other").status()).isEqualTo(404);
    }

    @Test
    void pauseStopsLeasesAndResumeLetsThemThrough() {
        submit("mail");

        Response paused = server.post("/queues/mail/pause", "");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        assertThat(paused.body().get("paused_by").asText()).isEqualTo(QueueRoutes.ANONYMOUS);
        assertThat(server.post("/leases", LEASE_MAIL).body().get("jobs")).isEmpty();

        assertThat(server.post("/queues/mail/resume", "{}").body().get("paused").asBoolean())
                .isFalse();
        assertThat(server.post("/leases", LEASE_MAIL).body().get("jobs")).hasSize(1);
    }

    @Test
    void patchSetsAndClearsTheLimitAndCreatesAQueueThatHadNoJob() {
        Response limited = patch("/queues/reports", "{\"concurrency_limit\":2}");
        assertThat(limited.status()).isEqualTo(200);
        assertThat(limited.body().get("concurrency_limit").asInt()).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            submit("reports");
        }
        assertThat(server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"reports\"],\"limit\":10}")
                        .body()
                        .get("jobs"))
                .hasSize(2);

        Response cleared = patch("/queues/reports", "{\"concurrency_limit\":null,\"paused\":true}");
        assertThat(cleared.body().get("concurrency_limit").isNull()).isTrue();
        assertThat(cleared.body().get("paused").asBoolean()).isTrue();
    }

    @Test
    void patchSetsAQueuesOwnRetentionAndNullGoesBackToTheServices() {
        Response set = patch("/queues/mail", "{\"retention\":{\"completed\":\"1h\",\"dead\":\"0\"}}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().at("/retention/completed").asText()).isEqualTo("1h");
        assertThat(set.body().at("/retention/dead").asText()).isEqualTo("0");
        assertThat(set.body().at("/retention/failed").isNull()).isTrue();

        Response cleared = patch("/queues/mail", "{\"retention\":{\"completed\":null}}");
        assertThat(cleared.body().at("/retention/completed").isNull()).isTrue();
        assertThat(cleared.body().at("/retention/dead").asText())
                .as("left as it was")
                .isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"concurrency_limit\":0}",
                "{\"concurrency_limit\":-1}",
                "{\"concurrency_limit\":10001}",
                "{\"concurrency_limit\":1.5}",
                "{\"concurrency_limit\":\"3\"}",
                "{\"paused\":null}",
                "{\"paused\":\"yes\"}",
                "{\"rate\":5}",
                "{\"rate_limit\":5}",
                "{\"rate_limit\":{\"jobs\":20}}",
                "{\"rate_limit\":{\"per_seconds\":1}}",
                "{\"rate_limit\":{\"jobs\":0,\"per_seconds\":1}}",
                "{\"rate_limit\":{\"jobs\":10001,\"per_seconds\":1}}",
                "{\"rate_limit\":{\"jobs\":20,\"per_seconds\":0}}",
                "{\"rate_limit\":{\"jobs\":20,\"per_seconds\":86401}}",
                "{\"rate_limit\":{\"jobs\":null,\"per_seconds\":1}}",
                "{\"rate_limit\":{\"jobs\":20,\"per_seconds\":1,\"burst\":5}}",
                "{\"key_limit\":0}",
                "{\"key_limit\":10001}",
                "{\"key_limit\":\"2\"}",
                "{\"concurrency_limit\":2,\"key_limit\":0}",
                "{\"retention\":{\"completed\":\"soon\"}}",
                "{\"retention\":{\"pending\":\"1h\"}}",
                "{\"retention\":{\"completed\":\"36501d\"}}",
                "{\"retention\":null}",
                "{\"retention\":\"1h\"}",
                "{}",
                "[]"
            })
    void aBadChangeIs400WithTheEnvelopeAndChangesNothing(String body) {
        patch("/queues/mail", "{\"concurrency_limit\":5}");

        Response rejected = patch("/queues/mail", body);

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().at("/error/code").asText()).isEqualTo("validation_failed");
        JsonNode mail = server.get("/queues/mail").body();
        assertThat(mail.get("concurrency_limit").asInt()).isEqualTo(5);
        assertThat(mail.get("paused").asBoolean()).isFalse();
        assertThat(mail.get("rate_limit").isNull()).isTrue();
        assertThat(mail.get("key_limit").isNull()).isTrue();
    }

    @Test
    void patchSetsAndClearsARateLimitThatBindsTheLeases() {
        Response limited = patch("/queues/mail", "{\"rate_limit\":{\"jobs\":2,\"per_seconds\":3600}}");
        assertThat(limited.status()).isEqualTo(200);
        assertThat(limited.body().at("/rate_limit/jobs").asInt()).isEqualTo(2);
        assertThat(limited.body().at("/rate_limit/per_seconds").asInt()).isEqualTo(3600);
        for (int i = 0; i < 3; i++) {
            submit("mail");
        }
        assertThat(server.post("/leases", LEASE_MAIL).body().get("jobs")).hasSize(2);
        assertThat(server.post("/leases", LEASE_MAIL).body().get("jobs")).isEmpty();

        Response cleared = patch("/queues/mail", "{\"rate_limit\":null}");
        assertThat(cleared.body().get("rate_limit").isNull()).isTrue();
        assertThat(server.post("/leases", LEASE_MAIL).body().get("jobs")).hasSize(1);
    }

    @Test
    void aKeyLimitBindsEachConcurrencyKeyAndTheKeyIsShownOnTheJob() {
        assertThat(patch("/queues/mail", "{\"key_limit\":1}")
                        .body()
                        .get("key_limit")
                        .asInt())
                .isEqualTo(1);
        for (String key : List.of("tenant-a", "tenant-a", "tenant-b")) {
            Response submitted =
                    server.post("/jobs", "{\"type\":\"work\",\"queue\":\"mail\",\"concurrency_key\":\"" + key + "\"}");
            assertThat(submitted.status()).isEqualTo(201);
            assertThat(submitted.body().get("concurrency_key").asText()).isEqualTo(key);
        }
        JsonNode leased = server.post("/leases", LEASE_MAIL).body().get("jobs");
        assertThat(leased).hasSize(2);
        assertThat(List.of(
                        leased.get(0).get("concurrency_key").asText(),
                        leased.get(1).get("concurrency_key").asText()))
                .containsExactlyInAnyOrder("tenant-a", "tenant-b");
    }

    @Test
    void aBadQueueNameIs400() {
        Response rejected = patch("/queues/Not%20A%20Queue", "{\"paused\":true}");

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().at("/error/details/0/field").asText()).isEqualTo("name");
        assertThat(server.get("/queues").body().get("queues")).isEmpty();
    }
}
