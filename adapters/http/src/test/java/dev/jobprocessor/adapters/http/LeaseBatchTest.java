package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/SPEC.md §7.3, the batch routes of the worker protocol over a real socket: each job is checked against its own
 * lease token and answered on its own, in the order sent; a malformed batch changes nothing.
 */
class LeaseBatchTest {

    private static final String STALE_TOKEN = "0123456789abcdef0123456789abcdef";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private List<JsonNode> submitAndLease(int count, String type) {
        for (int i = 0; i < count; i++) {
            assertThat(server.post("/jobs", "{\"type\":\"" + type + "\",\"max_attempts\":3}")
                            .status())
                    .isEqualTo(201);
        }
        Response leased =
                server.post("/leases", "{\"worker_id\":\"remote-1\",\"queues\":[\"default\"],\"limit\":" + count + "}");
        assertThat(leased.status()).isEqualTo(200);
        List<JsonNode> jobs = new ArrayList<>();
        leased.body().get("jobs").forEach(jobs::add);
        assertThat(jobs).hasSize(count);
        return jobs;
    }

    private static String entry(JsonNode job, String extra) {
        return "{\"id\":\"" + job.get("id").asText() + "\",\"lease_token\":\""
                + job.get("lease_token").asText() + "\"" + extra + "}";
    }

    @Test
    void oneRequestCompletesManyJobsEachWithItsOwnResultAndAStaleTokenFailsOnlyItsOwnJob() {
        List<JsonNode> jobs = submitAndLease(3, "noop");
        String body = "{\"jobs\":[" + entry(jobs.get(0), ",\"result\":{\"n\":0}") + ","
                + "{\"id\":\"" + jobs.get(1).get("id").asText() + "\",\"lease_token\":\"" + STALE_TOKEN + "\"},"
                + entry(jobs.get(2), "") + "]}";

        Response answer = server.post("/leases/complete", body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("id").asText())
                .isEqualTo(jobs.get(0).get("id").asText());
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).at("/job/state").asText()).isEqualTo("completed");
        assertThat(results.get(0).at("/job/result").toString()).isEqualTo("{\"n\":0}");
        assertThat(results.get(0).has("error")).isFalse();
        assertThat(results.get(1).get("status").asInt()).isEqualTo(409);
        assertThat(results.get(1).at("/error/code").asText()).isEqualTo("lease_lost");
        assertThat(results.get(1).has("job")).isFalse();
        assertThat(results.get(2).at("/job/state").asText()).isEqualTo("completed");
        assertThat(results.get(2).at("/job/result").toString()).isEqualTo("{}");

        assertThat(server.get("/jobs/" + jobs.get(1).get("id").asText())
                        .body()
                        .get("state")
                        .asText())
                .isEqualTo("running");
    }

    @Test
    void oneRequestFailsManyJobsRetryableOrNot() {
        List<JsonNode> jobs = submitAndLease(2, "flaky");
        String body = "{\"jobs\":[" + entry(jobs.get(0), ",\"error\":\"timeout\"") + ","
                + entry(jobs.get(1), ",\"error\":\"bad input\",\"retryable\":false") + "]}";

        Response answer = server.post("/leases/fail", body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results.get(0).at("/job/state").asText()).isEqualTo("pending");
        assertThat(results.get(0).at("/job/last_error").asText()).isEqualTo("timeout");
        assertThat(results.get(1).at("/job/state").asText()).isEqualTo("failed");
        assertThat(results.get(1).at("/job/last_error").asText()).isEqualTo("bad input");
    }

    @Test
    void oneRequestExtendsManyLeasesAndAnUnknownJobIsAnsweredNotFound() {
        List<JsonNode> jobs = submitAndLease(2, "slow");
        server.clock.advance(Duration.ofSeconds(20));
        String unknown = "01a23a77-5da4-7ef5-bf76-4c1db5359285";
        String body = "{\"jobs\":[" + entry(jobs.get(0), ",\"extend_seconds\":60") + ","
                + "{\"id\":\"" + unknown + "\",\"lease_token\":\"" + STALE_TOKEN + "\"},"
                + entry(jobs.get(1), "") + "]}";

        Response answer = server.post("/leases/heartbeat", body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results.get(0).at("/job/lease_expires_at").asText())
                .isEqualTo(server.clock.now().plusSeconds(60).toString());
        assertThat(results.get(1).get("id").asText()).isEqualTo(unknown);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(1).at("/error/code").asText()).isEqualTo("not_found");
        // without extend_seconds: the server's default lease (30 s in the test server)
        assertThat(results.get(2).at("/job/lease_expires_at").asText())
                .isEqualTo(server.clock.now().plusSeconds(30).toString());
    }

    @Test
    void oneRequestHandsManyJobsBackUncountedAndACancelRequestEndsItsJobCancelled() {
        List<JsonNode> jobs = submitAndLease(3, "noop");
        String cancelled = jobs.get(1).get("id").asText();
        assertThat(server.post("/jobs/" + cancelled + "/cancel", "").status()).isEqualTo(202);
        String body = "{\"jobs\":[" + entry(jobs.get(0), "") + "," + entry(jobs.get(1), "") + "," + "{\"id\":\""
                + jobs.get(2).get("id").asText() + "\",\"lease_token\":\"" + STALE_TOKEN + "\"}]}";

        Response answer = server.post("/leases/release", body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results.get(0).at("/job/state").asText()).isEqualTo("pending");
        assertThat(results.get(0).at("/job/attempts").asInt()).isZero();
        assertThat(results.get(0).at("/job/errors")).isEmpty();
        assertThat(results.get(1).at("/job/state").asText()).isEqualTo("cancelled");
        assertThat(results.get(2).get("status").asInt()).isEqualTo(409);
        assertThat(results.get(2).at("/error/code").asText()).isEqualTo("lease_lost");
        assertThat(server.get("/jobs/" + jobs.get(2).get("id").asText())
                        .body()
                        .get("state")
                        .asText())
                .isEqualTo("running");
        Response unknownField =
                server.post("/leases/release", "{\"jobs\":[" + entry(jobs.get(2), ",\"error\":\"e\"") + "]}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body().at("/error/details/0/field").asText()).isEqualTo("jobs[0].error");
    }

    @Test
    void aBadEntryRefusesTheWholeBatchNamingItsFieldAndChangesNothing() {
        List<JsonNode> jobs = submitAndLease(2, "noop");
        JsonNode before = server.get("/jobs/" + jobs.get(0).get("id").asText()).body();

        Response badId = server.post(
                "/leases/complete",
                "{\"jobs\":[" + entry(jobs.get(0), "") + ",{\"id\":\"nope\",\"lease_token\":\"x\"}]}");
        Response repeated = server.post(
                "/leases/complete", "{\"jobs\":[" + entry(jobs.get(0), "") + "," + entry(jobs.get(0), "") + "]}");
        Response noToken = server.post(
                "/leases/fail", "{\"jobs\":[{\"id\":\"" + jobs.get(0).get("id").asText() + "\",\"error\":\"e\"}]}");
        Response badExtension = server.post(
                "/leases/heartbeat",
                "{\"jobs\":[" + entry(jobs.get(0), "") + "," + entry(jobs.get(1), ",\"extend_seconds\":0") + "]}");
        Response unknownField =
                server.post("/leases/complete", "{\"jobs\":[" + entry(jobs.get(0), ",\"colour\":\"red\"") + "]}");
        Response empty = server.post("/leases/complete", "{\"jobs\":[]}");
        Response noError = server.post("/leases/fail", "{\"jobs\":[" + entry(jobs.get(0), "") + "]}");

        assertThat(List.of(badId, repeated, noToken, badExtension, unknownField, empty, noError))
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.errorCode()).isEqualTo("validation_failed");
                });
        assertThat(badId.body().at("/error/details/0/field").asText()).isEqualTo("jobs[1].id");
        assertThat(repeated.body().at("/error/details/0/field").asText()).isEqualTo("jobs[1].id");
        assertThat(noToken.body().at("/error/details/0/field").asText()).isEqualTo("jobs[0].lease_token");
        assertThat(badExtension.body().at("/error/details/0/field").asText()).isEqualTo("jobs[1].extend_seconds");
        assertThat(unknownField.body().at("/error/details/0/field").asText()).isEqualTo("jobs[0].colour");
        assertThat(empty.body().at("/error/details/0/field").asText()).isEqualTo("jobs");
        assertThat(noError.body().at("/error/details/0/field").asText()).isEqualTo("jobs[0].error");
        assertThat(server.get("/jobs/" + jobs.get(0).get("id").asText()).body()).isEqualTo(before);
    }
}
