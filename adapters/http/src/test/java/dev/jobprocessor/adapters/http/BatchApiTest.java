package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/WORKFLOWS.md, "Batches with callbacks", over a real socket: submit a batch, run it, read its callbacks. */
class BatchApiTest {

    private static final String BATCH = """
            {"name":"import 12","jobs":[{"type":"row"},{"type":"row"}],
             "on_success":{"type":"report","queue":"callbacks","payload":{"to":"ops"}},
             "on_finish":{"type":"cleanup","queue":"callbacks"},
             "on_dead":{"type":"page","queue":"callbacks"}}""";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> fields(Response response) {
        List<String> fields = new ArrayList<>();
        response.body()
                .at("/error/details")
                .forEach(d -> fields.add(d.get("field").asText()));
        return fields;
    }

    private JsonNode lease(String queue) {
        JsonNode jobs = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"" + queue + "\"],\"limit\":1}")
                .body()
                .get("jobs");
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private void complete(JsonNode leased) {
        Response done = server.post(
                "/jobs/" + leased.get("id").asText() + "/complete",
                "{\"lease_token\":\"" + leased.get("lease_token").asText() + "\",\"result\":{}}");
        assertThat(done.status()).isEqualTo(200);
    }

    private void failForGood(JsonNode leased) {
        Response failed = server.post(
                "/jobs/" + leased.get("id").asText() + "/fail",
                "{\"lease_token\":\"" + leased.get("lease_token").asText()
                        + "\",\"error\":\"boom\",\"retryable\":false}");
        assertThat(failed.status()).isEqualTo(200);
    }

    @Test
    void aSubmittedBatchShowsItsJobsCallbacksAndTotals() {
        Response submitted = server.post("/batches", BATCH);

        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.body().get("id").asText();
        assertThat(submitted.header("Location")).isEqualTo("/batches/" + id);
        assertThat(submitted.body().get("name").asText()).isEqualTo("import 12");
        assertThat(submitted.body().get("total").asInt()).isEqualTo(2);
        assertThat(submitted.body().get("jobs")).hasSize(2);
        assertThat(submitted.body().at("/callbacks/on_success/type").asText()).isEqualTo("report");
        assertThat(submitted.body().at("/callbacks/on_success/job_id").isNull()).isTrue();

        JsonNode batch = server.get("/batches/" + id).body();
        assertThat(batch.at("/totals/pending").asInt()).isEqualTo(2);
        assertThat(batch.at("/tally/completed").asInt()).isZero();
        assertThat(batch.has("jobs"))
                .as("the jobs are in the submit's answer only")
                .isFalse();
    }

    @Test
    void successAndFinishAreEnqueuedWhenTheLastJobCompletes() {
        String id = server.post("/batches", BATCH).body().get("id").asText();

        complete(lease("default"));
        assertThat(server.get("/batches/" + id)
                        .body()
                        .at("/callbacks/on_finish/job_id")
                        .isNull())
                .isTrue();
        complete(lease("default"));

        JsonNode batch = server.get("/batches/" + id).body();
        assertThat(batch.at("/tally/completed").asInt()).isEqualTo(2);
        assertThat(batch.at("/totals/completed").asInt()).isEqualTo(2);
        String onSuccess = batch.at("/callbacks/on_success/job_id").asText();
        JsonNode report = server.get("/jobs/" + onSuccess).body();
        assertThat(report.get("type").asText()).isEqualTo("report");
        assertThat(report.get("state").asText()).isEqualTo("pending");
        assertThat(report.get("created_by").asText()).isEqualTo("batch:" + id);
        assertThat(report.at("/payload/to").asText()).isEqualTo("ops");
        assertThat(batch.at("/callbacks/on_finish/job_id").isNull()).isFalse();
        assertThat(batch.at("/callbacks/on_dead/job_id").isNull()).isTrue();
    }

    @Test
    void theFirstFailureEnqueuesOnDead() {
        String id = server.post("/batches", BATCH).body().get("id").asText();

        failForGood(lease("default"));

        JsonNode batch = server.get("/batches/" + id).body();
        assertThat(batch.at("/tally/failed").asInt()).isEqualTo(1);
        assertThat(batch.at("/callbacks/on_dead/job_id").isNull()).isFalse();
        assertThat(batch.at("/callbacks/on_finish/job_id").isNull()).isTrue();
        assertThat(lease("callbacks").get("type").asText()).isEqualTo("page");
    }

    @Test
    void aBadBatchIsRefusedWithEveryProblemAndNothingIsStored() {
        Response unknown = server.post("/batches", "{\"jobs\":[{\"type\":\"row\"}],\"colour\":1}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown)).containsExactly("colour");

        Response rules = server.post("/batches", """
                {"name":"bad\\u0007","jobs":[{"type":"row","idempotency_key":"k"}],
                 "on_success":{"type":"report","run_at":"2030-01-01T00:00:00Z"},
                 "on_finish":{"type":"BAD"},
                 "on_dead":{"type":"page","depends_on":["x"]}}""");
        assertThat(rules.status()).isEqualTo(400);
        assertThat(fields(rules))
                .containsExactlyInAnyOrder(
                        "name", "jobs[0].idempotency_key", "on_success.run_at", "on_finish.type", "on_dead.depends_on");
        assertThat(fields(server.post("/batches", "{\"jobs\":[]}"))).containsExactly("jobs");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        assertThat(server.get("/batches/01900000-0000-7000-8000-000000000000").status())
                .isEqualTo(404);
        assertThat(server.get("/batches/nope").status()).isEqualTo(404);
    }
}
