package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/WORKFLOWS.md, "Workflows", over a real socket: submit a named graph, read it, cancel and retry all of it. */
class WorkflowApiTest {

    private static final String DIAMOND = """
            {"name":"album 7","jobs":[
              {"type":"resize","ref":"a"},
              {"type":"thumb","ref":"b","depends_on":["a"]},
              {"type":"thumb","ref":"c","depends_on":["a"]},
              {"type":"album","ref":"d","depends_on":["b","c"]}]}""";

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

    /** The ids of the submitted jobs by the refs the test gave them, from the submit's answer (in request order). */
    private static Map<String, String> idsByRef(Response submitted, String... refs) {
        Map<String, String> ids = new HashMap<>();
        JsonNode jobs = submitted.body().get("jobs");
        for (int i = 0; i < refs.length; i++) {
            ids.put(refs[i], jobs.get(i).get("id").asText());
        }
        return ids;
    }

    private JsonNode leaseOne() {
        JsonNode jobs = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")
                .body()
                .get("jobs");
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private void complete(JsonNode leased) {
        Response done = server.post(
                "/jobs/" + leased.get("id").asText() + "/complete",
                "{\"lease_token\":\"" + leased.get("lease_token").asText() + "\",\"result\":{\"ok\":true}}");
        assertThat(done.status()).isEqualTo(200);
    }

    private void failForGood(JsonNode leased) {
        Response failed = server.post(
                "/jobs/" + leased.get("id").asText() + "/fail",
                "{\"lease_token\":\"" + leased.get("lease_token").asText()
                        + "\",\"error\":\"boom\",\"retryable\":false}");
        assertThat(failed.status()).isEqualTo(200);
    }

    private static Map<String, String> statesById(JsonNode workflow) {
        Map<String, String> states = new HashMap<>();
        workflow.get("jobs")
                .forEach(job ->
                        states.put(job.get("id").asText(), job.get("state").asText()));
        return states;
    }

    @Test
    void aSubmittedGraphIsShownWithItsJobsEdgesAndState() {
        Response submitted = server.post("/workflows", DIAMOND);

        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.body().get("id").asText();
        assertThat(submitted.header("Location")).isEqualTo("/workflows/" + id);
        assertThat(submitted.body().get("name").asText()).isEqualTo("album 7");
        assertThat(submitted.body().get("state").asText()).isEqualTo("running");
        assertThat(submitted.body().get("failed_job").isNull()).isTrue();
        Map<String, String> ids = idsByRef(submitted, "a", "b", "c", "d");
        assertThat(submitted.body().get("jobs").get(3).get("type").asText()).isEqualTo("album");

        Response read = server.get("/workflows/" + id);
        assertThat(read.status()).isEqualTo(200);
        JsonNode workflow = read.body();
        assertThat(workflow.get("totals").get("pending").asInt()).isEqualTo(1);
        assertThat(workflow.get("totals").get("waiting").asInt()).isEqualTo(3);
        assertThat(workflow.get("totals").get("completed").asInt()).isZero();
        assertThat(statesById(workflow)).containsEntry(ids.get("a"), "pending").containsEntry(ids.get("d"), "waiting");
        List<String> edges = new ArrayList<>();
        workflow.get("edges")
                .forEach(e -> edges.add(
                        e.get("parent").asText() + ">" + e.get("child").asText()));
        assertThat(edges)
                .containsExactlyInAnyOrder(
                        ids.get("a") + ">" + ids.get("b"),
                        ids.get("a") + ">" + ids.get("c"),
                        ids.get("b") + ">" + ids.get("d"),
                        ids.get("c") + ">" + ids.get("d"));
    }

    @Test
    void runningEveryJobCompletesTheWorkflow() {
        String id = server.post("/workflows", DIAMOND).body().get("id").asText();

        for (int i = 0; i < 4; i++) {
            complete(leaseOne());
        }

        JsonNode workflow = server.get("/workflows/" + id).body();
        assertThat(workflow.get("state").asText()).isEqualTo("completed");
        assertThat(workflow.get("totals").get("completed").asInt()).isEqualTo(4);
    }

    @Test
    void aFailedJobFailsTheWorkflowNamingItAndRetryRunsTheRestAgain() {
        Response submitted = server.post("/workflows", DIAMOND);
        String id = submitted.body().get("id").asText();
        Map<String, String> ids = idsByRef(submitted, "a", "b", "c", "d");
        JsonNode a = leaseOne();
        failForGood(a);

        JsonNode failed = server.get("/workflows/" + id).body();
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("failed_job").asText()).isEqualTo(ids.get("a"));
        assertThat(failed.get("totals").get("cancelled").asInt())
                .as("the default policy cancels everything downstream")
                .isEqualTo(3);

        Response retried = server.post("/workflows/" + id + "/retry", "");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().get("state").asText()).isEqualTo("running");
        assertThat(statesById(retried.body()))
                .containsEntry(ids.get("a"), "pending")
                .containsEntry(ids.get("b"), "waiting")
                .containsEntry(ids.get("d"), "waiting");

        for (int i = 0; i < 4; i++) {
            complete(leaseOne());
        }
        assertThat(server.get("/workflows/" + id).body().get("state").asText()).isEqualTo("completed");
    }

    @Test
    void cancelStopsEveryJobThatHasNotEndedAndAsksRunningOnesToStop() {
        Response submitted = server.post("/workflows", DIAMOND);
        String id = submitted.body().get("id").asText();
        Map<String, String> ids = idsByRef(submitted, "a", "b", "c", "d");
        JsonNode a = leaseOne();

        Response cancelled = server.post("/workflows/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(statesById(cancelled.body()))
                .containsEntry(ids.get("a"), "running")
                .containsEntry(ids.get("b"), "cancelled")
                .containsEntry(ids.get("c"), "cancelled")
                .containsEntry(ids.get("d"), "cancelled");
        assertThat(cancelled.body().get("state").asText()).isEqualTo("running");
        cancelled
                .body()
                .get("jobs")
                .forEach(job -> assertThat(job.get("cancel_requested").asBoolean())
                        .as("only the running job is asked to stop")
                        .isEqualTo(job.get("id").asText().equals(ids.get("a"))));

        complete(a);
        assertThat(server.get("/workflows/" + id).body().get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void aBadWorkflowIsRefusedWithEveryProblemAndNothingIsStored() {
        Response refused = server.post("/workflows", """
                {"name":"","jobs":[
                  {"type":"x","ref":"x","depends_on":["y"]},
                  {"type":"y","ref":"y","depends_on":["x"]},
                  {"type":"z","idempotency_key":"k"},
                  {"type":"v","unique":{}},
                  {"type":"w","depends_on":["01900000-0000-7000-8000-000000000000"]}]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(fields(refused))
                .contains("name", "jobs[2].idempotency_key", "jobs[3].unique", "jobs[4].depends_on[0]");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();

        Response cycle = server.post("/workflows", """
                {"name":"loop","jobs":[
                  {"type":"x","ref":"x","depends_on":["y"]},
                  {"type":"y","ref":"y","depends_on":["x"]}]}""");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.body().at("/error/details/0/problem").asText()).contains("cycle");

        assertThat(fields(server.post("/workflows", "{\"name\":\"none\",\"jobs\":[]}")))
                .containsExactly("jobs");
        assertThat(fields(server.post("/workflows", "{\"jobs\":[{\"type\":\"a\"}],\"colour\":1}")))
                .containsExactlyInAnyOrder("name", "colour");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() {
        Response unknown = server.get("/workflows/01900000-0000-7000-8000-000000000000");
        Response malformed = server.get("/workflows/nope");
        Response cancelUnknown = server.post("/workflows/01900000-0000-7000-8000-000000000000/cancel", "");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("not_found");
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(cancelUnknown.status()).isEqualTo(404);
    }
}
