package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/SPEC.md §7.1 and §7.2 over a real socket: {@code DELETE /jobs/{id}} and {@code POST /admin/purge}. */
class PurgeApiTest {

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Response delete(String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).DELETE());
    }

    private String submit() {
        return server.post("/jobs", "{\"type\":\"work\"}").body().get("id").asText();
    }

    private String cancelled() {
        String id = submit();
        assertThat(server.post("/jobs/" + id + "/cancel", "{}").status()).isEqualTo(200);
        return id;
    }

    private String completed() {
        submit();
        JsonNode leased = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")
                .body()
                .at("/jobs/0");
        String id = leased.get("id").asText();
        Response done = server.post(
                "/jobs/" + id + "/complete",
                "{\"lease_token\":\"" + leased.get("lease_token").asText() + "\",\"result\":{}}");
        assertThat(done.status()).isEqualTo(200);
        return id;
    }

    @Test
    void deletingAFinishedJobAnswers204AndThenTheJobIsGone() {
        String id = completed();

        Response deleted = delete("/jobs/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        assertThat(server.get("/jobs/" + id).status()).isEqualTo(404);
        Response again = delete("/jobs/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("not_found");
        assertThat(server.get("/admin/stats").body().at("/by_state/completed").asLong())
                .isZero();
    }

    @Test
    void aPendingOrRunningJobIsRefusedWith409AndKept() {
        String pending = submit();
        String running = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")
                .body()
                .at("/jobs/0/id")
                .asText();
        String waiting = submit();

        Response refusedRunning = delete("/jobs/" + running);
        Response refusedPending = delete("/jobs/" + waiting);

        assertThat(refusedRunning.status()).isEqualTo(409);
        assertThat(refusedRunning.errorCode()).isEqualTo("invalid_transition");
        assertThat(refusedRunning.body().at("/error/message").asText())
                .isEqualTo("cannot purge job " + running
                        + ": it is running; only finished jobs (completed, failed, dead, cancelled) can be purged");
        assertThat(refusedRunning.body().at("/error/request_id").asText()).isNotBlank();
        assertThat(refusedPending.status()).isEqualTo(409);
        assertThat(server.get("/jobs/" + running).body().get("state").asText()).isEqualTo("running");
        assertThat(server.get("/jobs/" + waiting).body().get("state").asText()).isEqualTo("pending");
        assertThat(server.get("/jobs/" + pending).status()).isEqualTo(200);
    }

    @Test
    void anUnknownOrMalformedIdIs404AndABodyOtherThanNothingIs400() {
        assertThat(delete("/jobs/0190f1a4-0000-7000-8000-000000000000").status())
                .isEqualTo(404);
        assertThat(delete("/jobs/not-a-uuid").errorCode()).isEqualTo("not_found");
        String id = cancelled();
        Response withBody = server.send(HttpRequest.newBuilder(server.uri("/jobs/" + id))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"force\":true}")));
        assertThat(withBody.status()).isEqualTo(400);
        assertThat(server.get("/jobs/" + id).status()).isEqualTo(200);
    }

    @Test
    void theBulkPurgeCountsByDefaultAndDeletesOnlyWhenAskedExplicitly() {
        for (int i = 0; i < 3; i++) {
            cancelled();
        }
        server.clock.advance(Duration.ofDays(8));
        String recent = cancelled();
        server.clock.advance(Duration.ofSeconds(1));

        Response counted = server.post("/admin/purge", "{\"state\":\"cancelled\",\"older_than\":\"168h\"}");

        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.body().get("state").asText()).isEqualTo("cancelled");
        assertThat(counted.body().get("older_than").asText()).isEqualTo("7d");
        assertThat(counted.body().get("finished_before").asText())
                .isEqualTo(JobView.time(server.clock.now().minus(Duration.ofDays(7))));
        assertThat(counted.body().get("dry_run").asBoolean()).isTrue();
        assertThat(counted.body().get("count").asLong()).isEqualTo(3);
        assertThat(server.jobCount()).isEqualTo(4);

        Response dryRun =
                server.post("/admin/purge", "{\"state\":\"cancelled\",\"older_than\":\"7d\",\"dry_run\":true}");
        assertThat(dryRun.body().get("count").asLong()).isEqualTo(3);
        assertThat(server.jobCount()).isEqualTo(4);

        Response purged =
                server.post("/admin/purge", "{\"state\":\"cancelled\",\"older_than\":\"7d\",\"dry_run\":false}");
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.body().get("dry_run").asBoolean()).isFalse();
        assertThat(purged.body().get("count").asLong()).isEqualTo(3);
        assertThat(server.jobCount()).isEqualTo(1);
        assertThat(server.get("/jobs/" + recent).status()).isEqualTo(200);
        assertThat(server.get("/admin/stats").body().at("/by_state/cancelled").asLong())
                .isEqualTo(1);

        Response everything =
                server.post("/admin/purge", "{\"state\":\"cancelled\",\"older_than\":\"0\",\"dry_run\":false}");
        assertThat(everything.body().get("older_than").asText()).isEqualTo("0");
        assertThat(everything.body().get("count").asLong()).isEqualTo(1);
        assertThat(server.jobCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"state\":\"pending\",\"older_than\":\"1d\"} | state | must be one of completed, failed, dead, cancelled",
                "{\"state\":\"running\",\"older_than\":\"1d\"} | state | must be one of completed, failed, dead, cancelled",
                "{\"state\":\"gone\",\"older_than\":\"1d\"} | state | must be one of completed, failed, dead, cancelled",
                "{\"state\":3,\"older_than\":\"1d\"} | state | must be a string",
                "{\"older_than\":\"1d\"} | state | is required",
                "{\"state\":\"dead\"} | older_than | is required",
                "{\"state\":\"dead\",\"older_than\":\"1w\"} | older_than | must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"1w\"",
                "{\"state\":\"dead\",\"older_than\":\"-1d\"} | older_than | must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"-1d\"",
                "{\"state\":\"dead\",\"older_than\":7} | older_than | must be a string",
                "{\"state\":\"dead\",\"older_than\":\"99999999d\"} | older_than | must be at most 36500d, got \"99999999d\"",
                "{\"state\":\"dead\",\"older_than\":\"1d\",\"dry_run\":\"no\"} | dry_run | must be true or false",
                "{\"state\":\"dead\",\"older_than\":\"1d\",\"dry_run\":null} | dry_run | must not be null; omit the field to use its default",
                "{\"state\":\"dead\",\"older_than\":\"1d\",\"queue\":\"mail\"} | queue | is not a known field",
                "[] | body | must be a JSON object",
            })
    void badInputIs400AndDeletesNothing(String body, String field, String problem) {
        String id = cancelled();
        server.clock.advance(Duration.ofDays(1));

        Response refused = server.post("/admin/purge", body.replace("dead", "cancelled"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("validation_failed");
        assertThat(refused.body().at("/error/details")).anySatisfy(detail -> {
            assertThat(detail.get("field").asText()).isEqualTo(field);
            assertThat(detail.get("problem").asText()).isEqualTo(problem);
        });
        assertThat(server.get("/jobs/" + id).status()).isEqualTo(200);
    }

    @Test
    void anEmptyOrNonJsonBodyIsRefused() {
        assertThat(server.post("/admin/purge", "").errorCode()).isEqualTo("malformed_json");
        assertThat(server.post("/admin/purge", "{\"state\":").errorCode()).isEqualTo("malformed_json");
        assertThat(server.post("/admin/purge", "state=dead", "text/plain").status())
                .isEqualTo(415);
    }
}
