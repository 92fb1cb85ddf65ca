package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/SPEC.md §7.1 over a real socket: submit, batch, read, list, cancel, retry, health and readiness. */
class JobsApiTest {

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void submitsAJobWithDefaultsAndReadsItBack() {
        Response created =
                server.post("/jobs", "{\"type\":\"email.send\",\"payload\":{\"to\":\"a@b.c\",\"n\":[1,2.5]}}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode job = created.body();
        String id = job.get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/jobs/" + id);
        assertThat(job.get("state").asText()).isEqualTo("pending");
        assertThat(job.get("queue").asText()).isEqualTo("default");
        assertThat(job.get("priority").asInt()).isEqualTo(5);
        assertThat(job.get("max_attempts").asInt()).isEqualTo(5);
        assertThat(job.get("timeout_seconds").asInt()).isEqualTo(300);
        assertThat(job.get("payload").toString()).isEqualTo("{\"to\":\"a@b.c\",\"n\":[1,2.5]}");
        assertThat(job.get("result").isNull()).isTrue();
        assertThat(job.get("run_at").asText()).isEqualTo(server.clock.now().toString());
        assertThat(job.has("lease_token"))
                .as("the token is never shown by reads")
                .isFalse();
        assertThat(created.header("X-Request-Id")).isNotBlank();

        Response read = server.get("/jobs/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(job);
    }

    @Test
    void anIdempotentRepeatReturnsTheSameJobWith200AndAConflictingOneIs409() {
        String request = "{\"type\":\"charge\",\"payload\":{\"amount\":5},\"idempotency_key\":\"order-1\"}";
        Response first = server.post("/jobs", request);
        Response again = server.post(
                "/jobs", "{ \"type\": \"charge\", \"payload\": {\"amount\": 5}, \"idempotency_key\": \"order-1\" }");
        Response conflict = server.post(
                "/jobs", "{\"type\":\"charge\",\"payload\":{\"amount\":6},\"idempotency_key\":\"order-1\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("idempotency_conflict");
        assertThat(server.jobCount()).isEqualTo(1);
    }

    @Test
    void takesTheIdempotencyKeyFromTheHeader() {
        Response first = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/jobs"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "from-header")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"noop\"}")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("idempotency_key").asText()).isEqualTo("from-header");
    }

    @Test
    void aBatchIsCreatedTogetherOrNotAtAll() {
        Response created = server.post("/jobs/batch", "{\"jobs\":[{\"type\":\"a\"},{\"type\":\"b\",\"priority\":1}]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("jobs")).hasSize(2);

        Response rejected = server.post("/jobs/batch", "{\"jobs\":[{\"type\":\"c\"},{\"type\":\"d\",\"priority\":0}]}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().at("/error/details/0/field").asText()).isEqualTo("jobs[1].priority");
        assertThat(server.jobCount()).isEqualTo(2);
    }

    @Test
    void listsNewestFirstWithFiltersAndACursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(server.post("/jobs", "{\"type\":\"t" + (i % 2) + "\"}")
                    .body()
                    .get("id")
                    .asText());
            server.clock.advance(Duration.ofMillis(2));
        }
        Response page1 = server.get("/jobs?limit=2");
        Response page2 = server.get(
                "/jobs?limit=2&cursor=" + page1.body().get("next_cursor").asText());
        Response page3 = server.get(
                "/jobs?limit=2&cursor=" + page2.body().get("next_cursor").asText());

        List<String> seen = new ArrayList<>();
        for (Response page : List.of(page1, page2, page3)) {
            page.body().get("jobs").forEach(job -> seen.add(job.get("id").asText()));
        }
        assertThat(seen).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(page3.body().get("next_cursor").isNull()).isTrue();
        assertThat(server.get("/jobs?type=t1&state=pending").body().get("jobs")).hasSize(2);
        assertThat(server.get("/jobs?queue=other").body().get("jobs")).isEmpty();
    }

    @Test
    void cancelsAPendingJobAndRetriesItButRefusesInvalidTransitions() {
        String id = server.post("/jobs", "{\"type\":\"noop\"}").body().get("id").asText();

        Response cancelled = server.post("/jobs/" + id + "/cancel", "", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asText()).isEqualTo("cancelled");

        Response again = server.post("/jobs/" + id + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("invalid_transition");

        Response retried = server.post("/jobs/" + id + "/retry", "");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("state").asText()).isEqualTo("pending");
        assertThat(server.post("/jobs/" + id + "/retry", "").errorCode()).isEqualTo("invalid_transition");
    }

    @Test
    void unknownJobsAreNotFound() {
        assertThat(server.get("/jobs/01890000-0000-7000-8000-000000000000").errorCode())
                .isEqualTo("not_found");
        assertThat(server.get("/jobs/not-a-uuid").errorCode()).isEqualTo("not_found");
        assertThat(server.post("/jobs/01890000-0000-7000-8000-000000000000/cancel", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void healthIsAlwaysUpAndReadinessFollowsTheStore() {
        assertThat(server.get("/health").status()).isEqualTo(200);
        assertThat(server.get("/ready").status()).isEqualTo(200);

        server.ready.set(false);

        Response notReady = server.get("/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.errorCode()).isEqualTo("unavailable");
        assertThat(server.get("/health").status()).isEqualTo(200);
    }

    @Test
    void echoesASaneClientRequestIdAndReplacesAnInsaneOne() {
        Response mine = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/jobs/nope"))
                .header("X-Request-Id", "trace-42")
                .GET());
        assertThat(mine.header("X-Request-Id")).isEqualTo("trace-42");
        assertThat(mine.body().at("/error/request_id").asText()).isEqualTo("trace-42");

        Response replaced = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/jobs/nope"))
                .header("X-Request-Id", "bad id with spaces")
                .GET());
        assertThat(replaced.header("X-Request-Id"))
                .isNotEqualTo("bad id with spaces")
                .isNotBlank();
    }

    @Test
    void keepsHugeNumbersAndNonAsciiTextInAPayloadExactly() {
        Response response = server.post(
                "/jobs",
                "{\"type\":\"noop\",\"payload\":{\"big\":1e400,\"int\":123456789012345678901234567890,\"s\":\"h\u00e9\u2603\"}}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode payload =
                server.get("/jobs/" + response.body().get("id").asText()).body().get("payload");
        assertThat(payload.get("big").decimalValue()).isEqualByComparingTo("1e400");
        assertThat(payload.get("int").bigIntegerValue()).hasToString("123456789012345678901234567890");
        assertThat(payload.get("s").asText()).isEqualTo("h\u00e9\u2603");
    }
}
