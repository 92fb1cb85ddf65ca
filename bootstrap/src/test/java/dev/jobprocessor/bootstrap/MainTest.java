package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve", "api", "worker", "migrate");
    }

    @Test
    void anUnknownCommandIsABadUsage() {
        assertThat(run(Map.of(), "launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("job-processor: unknown command 'launch'");
    }

    @Test
    void aBadConfigurationFailsWithExactlyOneLine() {
        assertThat(run(Map.of("JOBS_WORKER_CONCURRENCY", "lots"), "serve")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("job-processor: JOBS_WORKER_CONCURRENCY must be an integer between 1 and 1000, got \"lots\""
                        + System.lineSeparator());
    }

    @Test
    void migrateFailsWithOneLineWhenTheDatabaseCannotBeReached() {
        int exit =
                run(Map.of("JOBS_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1"), "migrate");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .singleElement()
                .asString()
                .startsWith("job-processor: could not start: ");
    }

    /** On a fresh data directory the embedded PostgreSQL starts empty: the database an operator forgot to migrate. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // without the check, api and worker would run until stopped
    void apiAndWorkerRefuseAnUnmigratedDatabaseWithOneLineNamingMigrate(@TempDir Path data) {
        Map<String, String> env =
                Map.of("JOBS_DATA_DIR", data.toString(), "JOBS_HTTP_PORT", "0", "JOBS_METRICS_PORT", "0");
        for (String command : List.of("api", "worker")) {
            err.reset();

            assertThat(run(env, command)).as(command).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8).lines())
                    .as(command)
                    .singleElement()
                    .asString()
                    .matches("job-processor: the database has no job-processor schema \\(this build needs version"
                            + " [0-9.]+\\); run \"java -jar job-processor.jar migrate\" first");
        }
    }
}
