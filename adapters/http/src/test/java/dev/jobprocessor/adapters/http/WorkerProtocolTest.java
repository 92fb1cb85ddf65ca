package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/SPEC.md §7.3 end to end over a real socket, driven by hand as a remote worker would. */
class WorkerProtocolTest {

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private String submit(String body) {
        Response created = server.post("/jobs", body);
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private JsonNode leaseOne() {
        Response leased = server.post("/leases", "{\"worker_id\":\"remote-1\",\"queues\":[\"default\"],\"limit\":1}");
        assertThat(leased.status()).isEqualTo(200);
        assertThat(leased.body().get("jobs")).hasSize(1);
        return leased.body().get("jobs").get(0);
    }

    @Test
    void leaseHeartbeatAndCompleteTwice() {
        String id = submit("{\"type\":\"echo\",\"payload\":{\"n\":1}}");

        JsonNode job = leaseOne();
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("lease_owner").asText()).isEqualTo("remote-1");
        String token = job.get("lease_token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(server.get("/jobs/" + id).body().has("lease_token")).isFalse();

        server.clock.advance(Duration.ofSeconds(20));
        Response beat =
                server.post("/jobs/" + id + "/heartbeat", "{\"lease_token\":\"" + token + "\",\"extend_seconds\":60}");
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.body().get("lease_expires_at").asText())
                .isEqualTo(server.clock.now().plusSeconds(60).toString());

        Response done = server.post(
                "/jobs/" + id + "/complete", "{\"lease_token\":\"" + token + "\",\"result\":{\"ok\":[1,2]}}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().get("state").asText()).isEqualTo("completed");
        assertThat(done.body().get("result").toString()).isEqualTo("{\"ok\":[1,2]}");

        Response again = server.post(
                "/jobs/" + id + "/complete", "{\"lease_token\":\"" + token + "\",\"result\":{\"other\":true}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(done.body());
    }

    @Test
    void aStaleOrMissingTokenIsRefusedAndChangesNothing() {
        String id = submit("{\"type\":\"noop\"}");
        leaseOne();
        JsonNode before = server.get("/jobs/" + id).body();

        Response stale =
                server.post("/jobs/" + id + "/complete", "{\"lease_token\":\"0123456789abcdef0123456789abcdef\"}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("lease_lost");

        Response missing = server.post("/jobs/" + id + "/fail", "{\"error\":\"boom\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("validation_failed");
        assertThat(missing.body().at("/error/details/0/field").asText()).isEqualTo("lease_token");

        assertThat(server.get("/jobs/" + id).body()).isEqualTo(before);
    }

    @Test
    void aRetryableFailureGoesBackToPendingAndAPermanentOneFails() {
        String retryable = submit("{\"type\":\"flaky\",\"max_attempts\":3}");
        JsonNode first = leaseOne();
        Response failed = server.post(
                "/jobs/" + retryable + "/fail",
                "{\"lease_token\":\"" + first.get("lease_token").asText()
                        + "\",\"error\":\"timeout talking to smtp\",\"retryable\":true}");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body().get("state").asText()).isEqualTo("pending");
        assertThat(failed.body().get("last_error").asText()).isEqualTo("timeout talking to smtp");
        assertThat(failed.body().get("run_at").asText())
                .isEqualTo(server.clock.now().plusSeconds(10).toString());

        String permanent = submit("{\"type\":\"strict\"}");
        JsonNode second = leaseOne();
        assertThat(second.get("id").asText()).isEqualTo(permanent);
        Response rejected = server.post(
                "/jobs/" + permanent + "/fail",
                "{\"lease_token\":\"" + second.get("lease_token").asText()
                        + "\",\"error\":\"bad address\",\"retryable\":false}");
        assertThat(rejected.body().get("state").asText()).isEqualTo("failed");
        assertThat(rejected.body().get("errors").get(0).get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsReapedAndItsTokenGoesStale() {
        String id = submit("{\"type\":\"noop\"}");
        JsonNode job = leaseOne();
        server.clock.advance(Duration.ofSeconds(30));
        assertThat(server.reaper.reap()).isEqualTo(1);

        JsonNode reaped = server.get("/jobs/" + id).body();
        assertThat(reaped.get("state").asText()).isEqualTo("pending");
        assertThat(reaped.get("last_error").asText()).isEqualTo("lease expired");
        Response late = server.post(
                "/jobs/" + id + "/heartbeat",
                "{\"lease_token\":\"" + job.get("lease_token").asText() + "\"}");
        assertThat(late.errorCode()).isEqualTo("lease_lost");
    }

    @Test
    void nothingDueGivesAnEmptyListAndALongPollWakesOnEnqueue() throws Exception {
        Response empty = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":5}");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body().get("jobs")).isEmpty();

        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> server.post(
                "/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":5,\"wait_seconds\":20}"));
        String id = submit("{\"type\":\"noop\"}");
        server.signal.signal();

        Response woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woke.body().get("jobs")).hasSize(1);
        assertThat(woke.body().get("jobs").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void leaseRequestsAreValidated() {
        Response response =
                server.post("/leases", "{\"worker_id\":\"\",\"queues\":[],\"limit\":500,\"wait_seconds\":31,\"x\":1}");
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.body().at("/error/details").findValuesAsText("field"))
                .contains("wait_seconds", "x");
        Response domain = server.post("/leases", "{\"worker_id\":\"\",\"queues\":[],\"limit\":500}");
        assertThat(domain.body().at("/error/details").findValuesAsText("field"))
                .containsExactly("worker_id", "queues", "limit");
    }
}
