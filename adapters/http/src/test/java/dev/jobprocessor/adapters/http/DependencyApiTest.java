package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/WORKFLOWS.md over a real socket: {@code depends_on}, refs in a batch, and the job view's parents. */
class DependencyApiTest {

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

    @Test
    void aBatchSubmitsAWholeDiamondByRefsAndTheLastJobListsItsParents() {
        Response batch = server.post("/jobs/batch", """
                {"jobs":[
                  {"type":"d","depends_on":["b","c"],"on_dependency_failure":"run"},
                  {"type":"b","ref":"b","depends_on":["a"]},
                  {"type":"c","ref":"c","depends_on":["a"]},
                  {"type":"a","ref":"a"}]}""");

        assertThat(batch.status()).isEqualTo(201);
        JsonNode jobs = batch.body().get("jobs");
        assertThat(jobs.get(0).get("state").asText()).isEqualTo("waiting");
        assertThat(jobs.get(0).get("unmet_dependencies").asInt()).isEqualTo(2);
        assertThat(jobs.get(0).get("on_dependency_failure").asText()).isEqualTo("run");
        assertThat(jobs.get(1).get("state").asText()).isEqualTo("waiting");
        assertThat(jobs.get(3).get("state").asText()).isEqualTo("pending");
        assertThat(jobs.get(3).get("unmet_dependencies").isNull()).isTrue();

        JsonNode d = server.get("/jobs/" + jobs.get(0).get("id").asText()).body();
        JsonNode parents = d.get("dependencies");
        assertThat(parents).hasSize(2);
        assertThat(parents.get(0).get("id")).isEqualTo(jobs.get(1).get("id"));
        assertThat(parents.get(1).get("id")).isEqualTo(jobs.get(2).get("id"));
        assertThat(parents.get(0).get("state").asText()).isEqualTo("waiting");
        assertThat(parents.get(0).get("met").asBoolean()).isFalse();
        assertThat(server.get("/jobs/" + jobs.get(3).get("id").asText()).body().has("dependencies"))
                .as("a job without parents shows no list")
                .isFalse();
        assertThat(server.get("/jobs?state=waiting").body().get("jobs")).hasSize(3);
    }

    @Test
    void aCycleIsRefusedAndNothingIsStored() {
        Response cycle = server.post("/jobs/batch", """
                {"jobs":[
                  {"type":"x","ref":"x","depends_on":["z"]},
                  {"type":"y","ref":"y","depends_on":["x"]},
                  {"type":"z","ref":"z","depends_on":["y"]},
                  {"type":"free"}]}""");

        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.body().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(cycle.body().at("/error/details/0/problem").asText()).contains("cycle");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void anUnknownParentOrRefIsRefusedAndNothingIsStored() {
        String nobody = "01900000-0000-7000-8000-000000000000";
        Response unknownId = server.post("/jobs", "{\"type\":\"child\",\"depends_on\":[\"" + nobody + "\"]}");
        Response unknownRef = server.post(
                "/jobs/batch",
                "{\"jobs\":[{\"type\":\"a\",\"ref\":\"a\"},{\"type\":\"b\",\"depends_on\":[\"nope\"]}]}");
        Response repeatedRef = server.post(
                "/jobs/batch", "{\"jobs\":[{\"type\":\"a\",\"ref\":\"a\"},{\"type\":\"b\",\"ref\":\"a\"}]}");
        Response badPolicy = server.post(
                "/jobs",
                "{\"type\":\"child\",\"depends_on\":[\"" + nobody + "\"],\"on_dependency_failure\":\"retry\"}");
        Response refLikeAnId = server.post("/jobs/batch", "{\"jobs\":[{\"type\":\"a\",\"ref\":\"" + nobody + "\"}]}");
        Response uniqueChild =
                server.post("/jobs", "{\"type\":\"child\",\"unique\":{},\"depends_on\":[\"" + nobody + "\"]}");

        assertThat(unknownId.status()).isEqualTo(400);
        assertThat(unknownId.body().at("/error/message").asText()).contains(nobody);
        assertThat(fields(unknownRef)).containsExactly("jobs[1].depends_on[0]");
        assertThat(fields(repeatedRef)).containsExactly("jobs[1].ref");
        assertThat(fields(badPolicy)).containsExactly("on_dependency_failure");
        assertThat(fields(refLikeAnId)).containsExactly("jobs[0].ref");
        assertThat(fields(uniqueChild)).containsExactly("unique");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void aSingleSubmitMayDependOnAStoredJob() {
        String parent =
                server.post("/jobs", "{\"type\":\"parent\"}").body().get("id").asText();

        Response child = server.post("/jobs", "{\"type\":\"child\",\"depends_on\":[\"" + parent + "\"]}");

        assertThat(child.status()).isEqualTo(201);
        assertThat(child.body().get("state").asText()).isEqualTo("waiting");
        assertThat(child.body().get("on_dependency_failure").asText()).isEqualTo("cancel");
        Response cancelled = server.post("/jobs/" + parent + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(server.get("/jobs/" + child.body().get("id").asText())
                        .body()
                        .get("state")
                        .asText())
                .as("the parent's cancellation cascades")
                .isEqualTo("cancelled");
    }
}
