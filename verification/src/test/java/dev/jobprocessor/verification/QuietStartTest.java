package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A service that starts, runs a job and stops on the supported PostgreSQL logs no warning and no error: a warning
 * that appears on every start teaches operators to ignore warnings. jOOQ's dialect check is the one that used to
 * fire ("Version mismatch" on PostgreSQL 15 with jOOQ 3.20); docs/PERSISTENCE.md says which versions are supported.
 */
class QuietStartTest {

    /** The level column of the text log format (bootstrap's logback.xml): the second field of a line. */
    private static final Pattern WARNING_OR_ERROR = Pattern.compile("^\\S+ (WARN|ERROR) ");

    @Test
    void serveLogsNoWarningFromStartToStop() throws IOException {
        String url = Services.migratedDatabase("quiet_start");
        int port = ServiceProcess.freePort();
        Files.deleteIfExists(ServiceProcess.WORK.resolve("quiet-start.log"));
        String output;
        // with tokens, as a deployment runs: without them the service warns, on purpose, that anyone may use it
        String secret = "quiet-start-secret-0123456789abcdef0123456789abcdef";
        Map<String, String> tokens = Map.of("JOBS_API_TOKENS", "quiet:submit,read:" + secret);
        try (ServiceProcess serve = Services.start("quiet-start", "serve", url, port, tokens)) {
            Api api = new Api(port, secret);
            String id =
                    api.post("/jobs", "{\"type\":\"noop\"}").body().get("id").asText();
            api.await(
                    "/jobs/" + id,
                    response -> response.body().get("state").asText().equals("completed"),
                    Duration.ofSeconds(30));
            assertThat(serve.terminate(Duration.ofSeconds(30)))
                    .as(serve.output())
                    .isZero();
            output = serve.output();
        }
        StringBuilder version = new StringBuilder();
        Suite.query("quiet_start", "SHOW server_version", row -> version.append(row.getString(1)));
        List<String> noisy = output.lines()
                .filter(line -> WARNING_OR_ERROR.matcher(line).find())
                .toList();
        assertThat(noisy).as(output).isEmpty();
        assertThat(output).as("the log was read").contains(" INFO ");
        Suite.report(
                "a quiet start",
                "serve on PostgreSQL " + version + ": " + output.lines().count()
                        + " log lines from start to SIGTERM, none at WARN or ERROR");
    }
}
