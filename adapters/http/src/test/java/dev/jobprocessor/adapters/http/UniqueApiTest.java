package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/UNIQUE_JOBS.md over a real socket: the {@code unique} field of a submit and the duplicate marker. */
class UniqueApiTest {

    private static final String UNIQUE_REPORT =
            "{\"type\":\"report\",\"payload\":{\"day\":\"2026-12-02\"},\"unique\":{\"by\":[\"payload\"]}}";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDuplicateSubmitAnswers200WithTheExistingJobMarkedAsDuplicate() {
        Response first = server.post("/jobs", UNIQUE_REPORT);
        Response again = server.post("/jobs", UNIQUE_REPORT);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().has("duplicate")).isFalse();
        assertThat(first.body().at("/unique/states").toString()).isEqualTo("[\"pending\",\"running\"]");
        assertThat(first.body().at("/unique/key").asText()).startsWith("u1:");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(server.get("/jobs").body().get("jobs")).hasSize(1);
    }

    @Test
    void aBatchMarksItsDuplicatesOnly() {
        Response batch = server.post(
                "/jobs/batch", "{\"jobs\":[" + UNIQUE_REPORT + ",{\"type\":\"other\"}," + UNIQUE_REPORT + "]}");

        JsonNode jobs = batch.body().get("jobs");
        assertThat(batch.status()).isEqualTo(201);
        assertThat(jobs.get(0).has("duplicate")).isFalse();
        assertThat(jobs.get(1).has("duplicate")).isFalse();
        assertThat(jobs.get(2).get("duplicate").asBoolean()).isTrue();
        assertThat(jobs.get(2).get("id")).isEqualTo(jobs.get(0).get("id"));
    }

    @Test
    void badUniqueFieldsAreNamedAndNothingIsStored() {
        Response bad = server.post(
                "/jobs",
                "{\"type\":\"report\",\"unique\":{\"by\":[\"priority\"],"
                        + "\"period_seconds\":0,\"states\":[\"running\"],\"for\":\"ever\"}}");
        Response notAnObject = server.post("/jobs", "{\"type\":\"report\",\"unique\":true}");

        List<String> fields = new ArrayList<>();
        bad.body().at("/error/details").forEach(d -> fields.add(d.get("field").asText()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields).contains("unique.for");
        assertThat(notAnObject.status()).isEqualTo(400);
        Response semantics = server.post(
                "/jobs",
                "{\"type\":\"report\",\"unique\":{\"by\":[\"priority\"],"
                        + "\"period_seconds\":0,\"states\":[\"running\"]}}");
        List<String> semanticFields = new ArrayList<>();
        semantics
                .body()
                .at("/error/details")
                .forEach(d -> semanticFields.add(d.get("field").asText()));
        assertThat(semanticFields).containsExactlyInAnyOrder("unique.by", "unique.period_seconds", "unique.states");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void aSchedulesTemplateMayBeUnique() {
        Response created = server.post(
                "/schedules",
                "{\"name\":\"sync\",\"cron\":\"@hourly\","
                        + "\"job\":{\"type\":\"sync\",\"unique\":{\"by\":[],\"states\":[\"pending\"]}}}");
        Response first = server.post("/schedules/sync/trigger", "");
        Response second = server.post("/schedules/sync/trigger", "");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/job/unique/by").toString()).isEqualTo("[\"type\"]");
        assertThat(created.body().at("/job/unique/states").toString()).isEqualTo("[\"pending\"]");
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("duplicate").asBoolean()).isTrue();
        assertThat(second.body().get("id")).isEqualTo(first.body().get("id"));
    }
}
