package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/SCHEDULES.md, "API", over a real socket. The test server's clock stands at 2026-03-01T09:30:00.123456Z. */
class ScheduleApiTest {

    private static final String NIGHTLY = """
            {"name": "nightly", "cron": "30 2 * * *", "timezone": "Europe/Berlin",
             "job": {"type": "report", "queue": "reports", "payload": {"kind": "daily"}}}""";

    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Response send(String method, String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    private static List<String> fields(Response response) {
        List<String> fields = new ArrayList<>();
        response.body()
                .at("/error/details")
                .forEach(detail -> fields.add(detail.get("field").asText()));
        return fields;
    }

    @Test
    void aCreatedScheduleShowsItsDefinitionWithDefaultsAndItsNextTick() {
        Response created = server.post("/schedules", NIGHTLY);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).contains("/schedules/nightly");
        JsonNode body = created.body();
        assertThat(body.get("name").asText()).isEqualTo("nightly");
        assertThat(body.get("cron").asText()).isEqualTo("30 2 * * *");
        assertThat(body.get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(body.at("/job/type").asText()).isEqualTo("report");
        assertThat(body.at("/job/queue").asText()).isEqualTo("reports");
        assertThat(body.at("/job/payload/kind").asText()).isEqualTo("daily");
        assertThat(body.at("/job/priority").asInt()).isEqualTo(5);
        assertThat(body.get("misfire").asText()).isEqualTo("fire_once");
        assertThat(body.get("overlap").asText()).isEqualTo("allow");
        assertThat(body.get("catch_up_window").asText()).isEqualTo("1d");
        assertThat(body.get("paused").asBoolean()).isFalse();
        // 02:30 in Berlin (CET, +01:00) on 2 March 2026.
        assertThat(body.get("next_fire_at").asText()).isEqualTo("2026-03-02T01:30:00Z");
        assertThat(body.get("last_fire_at").isNull()).isTrue();
        assertThat(body.has("upcoming")).isFalse();
    }

    @Test
    void theSameDefinitionAgainIs200AndADifferentOneIs409UnlessPut() {
        server.post("/schedules", NIGHTLY);

        Response again = server.post("/schedules", NIGHTLY);
        Response different = server.post("/schedules", NIGHTLY.replace("30 2 * * *", "0 3 * * *"));
        Response replaced = send("PUT", "/schedules/nightly", NIGHTLY.replace("30 2 * * *", "0 3 * * *"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.body().at("/error/code").asText()).isEqualTo("schedule_conflict");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().get("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(replaced.body().get("next_fire_at").asText()).isEqualTo("2026-03-02T02:00:00Z");
        assertThat(server.get("/schedules").body().get("schedules")).hasSize(1);
    }

    @Test
    void putCreatesUnderThePathsNameAndRefusesAnotherNameInTheBody() {
        Response created = send("PUT", "/schedules/hourly", """
                {"cron": "@hourly", "job": {"type": "sweep"}}""");
        Response mismatch = send("PUT", "/schedules/hourly", """
                {"name": "other", "cron": "@hourly", "job": {"type": "sweep"}}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asText()).isEqualTo("hourly");
        assertThat(created.body().get("next_fire_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(fields(mismatch)).containsExactly("name");
    }

    @Test
    void oneScheduleIsShownWithItsNextFiveFireTimes() {
        server.post("/schedules", NIGHTLY);

        JsonNode nightly = server.get("/schedules/nightly").body();

        List<String> upcoming = new ArrayList<>();
        nightly.get("upcoming").forEach(time -> upcoming.add(time.asText()));
        assertThat(upcoming)
                .containsExactly(
                        "2026-03-02T01:30:00Z",
                        "2026-03-03T01:30:00Z",
                        "2026-03-04T01:30:00Z",
                        "2026-03-05T01:30:00Z",
                        "2026-03-06T01:30:00Z");
        assertThat(server.get("/schedules/missing").status()).isEqualTo(404);
        assertThat(server.get("/schedules/missing").body().at("/error/code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void everyBadFieldIsReportedAtOnceAndNothingIsStored() {
        Response bad = server.post("/schedules", """
                {"name": "Bad Name", "cron": "61 * * * *", "timezone": "Mars/Olympus",
                 "job": {"type": "report", "priority": 11, "run_at": "2026-03-01T10:00:00Z"},
                 "misfire": "sometimes", "overlap": "never", "catch_up_window": "1 hour"}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(fields(bad))
                .containsExactlyInAnyOrder(
                        "name",
                        "cron",
                        "timezone",
                        "job.priority",
                        "job.run_at",
                        "misfire",
                        "overlap",
                        "catch_up_window");
        assertThat(server.get("/schedules").body().get("schedules")).isEmpty();
    }

    @Test
    void aSecondsCadenceFasterThanTheMinimumIsRefused() {
        Response tooFast = server.post("/schedules", """
                {"name": "fast", "cron": "*/5 * * * * *", "job": {"type": "tick"}}""");
        Response fastEnough = server.post("/schedules", """
                {"name": "fast", "cron": "*/10 * * * * *", "job": {"type": "tick"}}""");

        assertThat(tooFast.status()).isEqualTo(400);
        assertThat(tooFast.body().at("/error/details/0/problem").asText())
                .contains("5 s apart")
                .contains("JOBS_SCHEDULE_MIN_INTERVAL_SECONDS");
        assertThat(fastEnough.status()).isEqualTo(201);
    }

    @Test
    void missingFieldsAndUnknownOnesAreNamed() {
        Response missing = server.post("/schedules", "{\"name\": \"x\"}");
        Response unknown = server.post("/schedules", """
                {"name": "x", "cron": "@daily", "job": {"type": "t"}, "every": "day"}""");
        Response notAnObject = server.post("/schedules", "[]");

        assertThat(fields(missing)).containsExactlyInAnyOrder("cron", "job");
        assertThat(fields(unknown)).containsExactly("every");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(fields(notAnObject)).containsExactly("body");
    }

    @Test
    void patchPausesAndResumesAndNothingElse() {
        server.post("/schedules", NIGHTLY);

        Response paused = send("PATCH", "/schedules/nightly", "{\"paused\": true}");
        Response other = send("PATCH", "/schedules/nightly", "{\"cron\": \"@daily\"}");
        Response resumed = send("PATCH", "/schedules/nightly", "{\"paused\": false}");

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("paused").asBoolean()).isTrue();
        assertThat(other.status()).isEqualTo(400);
        assertThat(fields(other)).contains("cron");
        assertThat(resumed.body().get("paused").asBoolean()).isFalse();
        assertThat(send("PATCH", "/schedules/missing", "{\"paused\": true}").status())
                .isEqualTo(404);
        Response notAnObject = send("PATCH", "/schedules/nightly", "[true]");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(fields(notAnObject)).containsExactly("body");
    }

    @Test
    void deleteRemovesTheScheduleOnce() {
        server.post("/schedules", NIGHTLY);

        assertThat(send("DELETE", "/schedules/nightly", "").status()).isEqualTo(204);
        assertThat(send("DELETE", "/schedules/nightly", "").status()).isEqualTo(404);
        assertThat(server.get("/schedules/nightly").status()).isEqualTo(404);
    }

    @Test
    void triggerEnqueuesTheTemplateNowAsTheSchedulesLastJob() {
        server.post("/schedules", NIGHTLY);

        Response triggered = server.post("/schedules/nightly/trigger", "");

        assertThat(triggered.status()).isEqualTo(201);
        JsonNode job = triggered.body();
        assertThat(job.get("type").asText()).isEqualTo("report");
        assertThat(job.get("queue").asText()).isEqualTo("reports");
        assertThat(job.at("/payload/kind").asText()).isEqualTo("daily");
        assertThat(job.get("state").asText()).isEqualTo("pending");
        JsonNode nightly = server.get("/schedules/nightly").body();
        assertThat(nightly.get("last_job_id").asText()).isEqualTo(job.get("id").asText());
        assertThat(nightly.get("next_fire_at").asText())
                .as("the cadence is untouched")
                .isEqualTo("2026-03-02T01:30:00Z");
        assertThat(server.post("/schedules/missing/trigger", "").status()).isEqualTo(404);
    }
}
