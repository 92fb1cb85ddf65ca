package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JOBS_SCHEDULES_FILE (docs/SCHEDULES.md, "Schedules in a file"): applied at start, or one line and no start. */
class SchedulesFileTest {

    private static final String YAML = """
            schedules:
              - name: nightly
                cron: "30 2 * * *"
                timezone: Europe/Berlin
                job:
                  type: report
                  queue: reports
                  payload: {kind: daily}
              - name: sweep
                cron: "@hourly"
                misfire: skip
                paused: true
                job: {type: sweep}
            """;

    @TempDir
    Path directory;

    private Settings settings(Path file) {
        return Settings.fromEnvironment(
                Map.of("JOBS_STORE", "memory", "JOBS_HTTP_PORT", "0", "JOBS_SCHEDULES_FILE", file.toString()));
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void aYamlFileIsAppliedAtStartAndAgainChangesNothing() throws Exception {
        Path file = Files.writeString(directory.resolve("schedules.yaml"), YAML);

        try (Service service = Service.start(Command.API, settings(file))) {
            String nightly = get(service.httpPort(), "/schedules/nightly");
            String sweep = get(service.httpPort(), "/schedules/sweep");

            assertThat(nightly)
                    .contains("\"cron\":\"30 2 * * *\"", "\"timezone\":\"Europe/Berlin\"", "\"kind\":\"daily\"");
            assertThat(sweep).contains("\"paused\":true", "\"misfire\":\"skip\"");
        }
        SchedulesFile again = SchedulesFile.read(file);
        assertThat(again.size()).isEqualTo(2);
    }

    @Test
    void aJsonFileWorksToo() throws Exception {
        Path file = Files.writeString(directory.resolve("schedules.json"), """
                {"schedules": [{"name": "hourly", "cron": "0 * * * *", "job": {"type": "sweep"}}]}""");

        try (Service service = Service.start(Command.API, settings(file))) {
            assertThat(get(service.httpPort(), "/schedules")).contains("\"name\":\"hourly\"");
        }
    }

    @Test
    void aFileWithABadEntryStopsTheStartWithOneLineNamingEveryProblem() throws Exception {
        Path file = Files.writeString(directory.resolve("schedules.yaml"), """
                schedules:
                  - name: nightly
                    cron: "30 2 * * *"
                    job: {type: report}
                  - name: broken
                    cron: "61 * * * *"
                    timezone: Mars/Olympus
                    job: {type: report}
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(
                new String[] {"api"},
                Map.of("JOBS_STORE", "memory", "JOBS_HTTP_PORT", "0", "JOBS_SCHEDULES_FILE", file.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String line = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .startsWith("job-processor: JOBS_SCHEDULES_FILE " + file + " is refused: ")
                .contains("schedules[1].cron", "schedules[1].timezone")
                .doesNotContain("schedules[0]");
    }

    @Test
    void aFileThatIsNotYamlOrNamesNoScheduleListIsRefused() throws Exception {
        Path notYaml = Files.writeString(directory.resolve("bad.yaml"), "schedules: [\n");
        Path noList = Files.writeString(directory.resolve("none.json"), "{\"jobs\": []}");

        assertThat(run(notYaml)).startsWith("job-processor: JOBS_SCHEDULES_FILE " + notYaml + " is not valid");
        assertThat(run(noList)).contains("must hold an object with a \"schedules\" list");
        assertThat(run(directory.resolve("missing.yaml")))
                .startsWith("job-processor: JOBS_SCHEDULES_FILE must name a readable file");
    }

    private static String run(Path file) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.run(
                new String[] {"api"},
                Map.of("JOBS_STORE", "memory", "JOBS_HTTP_PORT", "0", "JOBS_SCHEDULES_FILE", file.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }
}
