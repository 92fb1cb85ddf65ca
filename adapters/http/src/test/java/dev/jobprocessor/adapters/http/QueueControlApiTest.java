package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import dev.jobprocessor.domain.JobLimits;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snooze and cancelling running jobs over a real socket, as a remote worker and an operator see them. */
class QueueControlApiTest {

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

    private static String token(JsonNode leased) {
        return leased.get("lease_token").asText();
    }

    @Test
    void aSnoozeGivesTheAttemptBackAndRunsTheJobLater() {
        String id = submit("{\"type\":\"report.build\",\"max_attempts\":1}");
        JsonNode leased = leaseOne();
        assertThat(leased.get("snoozes").asInt()).isZero();

        Response snoozed =
                server.post("/jobs/" + id + "/snooze", "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":120}");

        assertThat(snoozed.status()).isEqualTo(200);
        assertThat(snoozed.body().get("state").asText()).isEqualTo("pending");
        assertThat(snoozed.body().get("attempts").asInt()).isZero();
        assertThat(snoozed.body().get("snoozes").asInt()).isEqualTo(1);
        assertThat(snoozed.body().get("run_at").asText())
                .isEqualTo(server.clock.now().plusSeconds(120).toString());
        assertThat(server.get("/jobs/" + id).body()).isEqualTo(snoozed.body());
        server.clock.advance(Duration.ofSeconds(120));
        JsonNode again = leaseOne();
        assertThat(again.get("attempts").asInt())
                .as("max_attempts 1 and still an attempt left")
                .isEqualTo(1);
    }

    @Test
    void badSnoozeInputIsRefusedAndChangesNothing() {
        String id = submit("{\"type\":\"report.build\"}");
        JsonNode leased = leaseOne();
        JsonNode before = server.get("/jobs/" + id).body();

        for (String body : new String[] {
            "{\"lease_token\":\"" + token(leased) + "\"}",
            "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":0}",
            "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":86401}",
            "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":1.5}",
            "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":5,\"why\":\"later\"}",
            "{\"seconds\":5}"
        }) {
            Response refused = server.post("/jobs/" + id + "/snooze", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.errorCode()).as(body).isEqualTo("validation_failed");
        }
        Response stale = server.post(
                "/jobs/" + id + "/snooze", "{\"lease_token\":\"0123456789abcdef0123456789abcdef\",\"seconds\":5}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("lease_lost");
        assertThat(server.get("/jobs/" + id).body()).isEqualTo(before);
    }

    @Test
    void aJobAtTheSnoozeCapGetsAClearErrorAndKeepsRunning() {
        String id = submit("{\"type\":\"report.build\"}");
        JsonNode leased = leaseOne();
        for (int i = 0; i < JobLimits.MAX_SNOOZES; i++) {
            Response snoozed =
                    server.post("/jobs/" + id + "/snooze", "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":1}");
            assertThat(snoozed.status()).isEqualTo(200);
            server.clock.advance(Duration.ofSeconds(1));
            leased = leaseOne();
        }

        Response refused =
                server.post("/jobs/" + id + "/snooze", "{\"lease_token\":\"" + token(leased) + "\",\"seconds\":1}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("snooze_limit_reached");
        assertThat(refused.body().at("/error/message").asText()).contains("snoozed 100 times");
        JsonNode job = server.get("/jobs/" + id).body();
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.get("snoozes").asInt()).isEqualTo(100);
    }

    @Test
    void cancellingARunningJobAnswers202AndTheWorkerHearsOfItInItsHeartbeat() {
        String id = submit("{\"type\":\"report.build\"}");
        JsonNode leased = leaseOne();
        assertThat(leased.get("cancel_requested").asBoolean()).isFalse();

        Response requested = server.post("/jobs/" + id + "/cancel", "");

        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.body().get("state").asText()).isEqualTo("running");
        assertThat(requested.body().get("cancel_requested").asBoolean()).isTrue();
        assertThat(requested.body().get("cancel_requested_at").asText())
                .isEqualTo(server.clock.now().toString());
        assertThat(server.post("/jobs/" + id + "/cancel", "{}").status())
                .as("asking again")
                .isEqualTo(202);

        server.clock.advance(Duration.ofSeconds(10));
        Response beat = server.post(
                "/jobs/" + id + "/heartbeat", "{\"lease_token\":\"" + token(leased) + "\",\"extend_seconds\":600}");
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.body().get("cancel_requested").asBoolean()).isTrue();
        assertThat(beat.body().get("lease_expires_at").asText())
                .as("not extended after the request")
                .isEqualTo(leased.get("lease_expires_at").asText());

        Response late = server.post(
                "/jobs/" + id + "/complete", "{\"lease_token\":\"" + token(leased) + "\",\"result\":{\"rows\":1}}");
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.body().get("state").asText()).isEqualTo("cancelled");
        assertThat(late.body().get("result").isNull())
                .as("the late result is not stored")
                .isTrue();
        Response again =
                server.post("/jobs/" + id + "/fail", "{\"lease_token\":\"" + token(leased) + "\",\"error\":\"x\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("lease_lost");
    }

    @Test
    void aPendingJobIsCancelledAtOnceAndAFinishedOneStays409() {
        String pending = submit("{\"type\":\"report.build\",\"run_at\":\"2099-01-01T00:00:00Z\"}");
        Response cancelled = server.post("/jobs/" + pending + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.body().get("cancel_requested").asBoolean()).isFalse();

        Response again = server.post("/jobs/" + pending + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("invalid_transition");
    }

    @Test
    void aRemoteWorkerThatNeverReportsLosesItsJobToCancelledAtLeaseExpiry() {
        String id = submit("{\"type\":\"report.build\",\"max_attempts\":3}");
        leaseOne();
        assertThat(server.post("/jobs/" + id + "/cancel", "").status()).isEqualTo(202);

        server.clock.advance(Duration.ofSeconds(30));
        assertThat(server.reaper.reap()).isEqualTo(1);

        JsonNode job = server.get("/jobs/" + id).body();
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(job.get("errors")).isEmpty();
    }
}
