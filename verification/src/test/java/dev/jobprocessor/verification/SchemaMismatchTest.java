package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A process refuses, at once and in one line, a database whose schema its build was not made for: never migrated
 * (it names {@code migrate}), or migrated by a newer build (it says to upgrade the jar). Before, {@code api} answered
 * every submit with 500 and {@code worker} logged a failed poll every second, forever.
 */
class SchemaMismatchTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(30);

    @Test
    void apiAndWorkerRefuseAnUnmigratedDatabaseNamingMigrate() throws IOException {
        String url = Suite.postgres().createDatabase("schema_missing");
        List<String> figures = new ArrayList<>();
        for (String command : List.of("api", "worker")) {
            Refusal refusal = refusal("schema-missing-" + command, command, url);
            assertThat(refusal.line())
                    .as(refusal.output())
                    .startsWith("job-processor: the database has no job-processor schema")
                    .endsWith("; run \"java -jar job-processor.jar migrate\" first");
            assertThat(refusal.linesNaming("migrate")).as(refusal.output()).isEqualTo(1);
            figures.add(command + " exited " + refusal.exitCode() + " after " + refusal.seconds() + " s");
        }
        Suite.report("schema missing", String.join(", ", figures) + ", each with one line naming migrate");
    }

    @Test
    void everyRunningCommandRefusesASchemaNewerThanItsBuild() throws IOException, SQLException {
        String database = "schema_newer";
        String url = Services.migratedDatabase(database);
        try (Connection connection = Suite.postgres().connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success)"
                    + " SELECT max(installed_rank) + 1, '9999', 'from a newer build', 'SQL',"
                    + " 'V9999__from_a_newer_build.sql', 0, current_user, 0, true FROM flyway_schema_history");
        }
        List<String> figures = new ArrayList<>();
        for (String command : List.of("serve", "api", "worker")) {
            Refusal refusal = refusal("schema-newer-" + command, command, url);
            assertThat(refusal.line())
                    .as(refusal.output())
                    .startsWith("job-processor: the database schema is at version 9999 but this build knows")
                    .contains("older than the database: upgrade it");
            figures.add(command + " exited " + refusal.exitCode() + " after " + refusal.seconds() + " s");
        }
        Suite.report("schema newer than the jar", String.join(", ", figures) + ", each with one line");
    }

    private static Refusal refusal(String name, String command, String url) throws IOException {
        // the log is appended to, and a refusal left by an earlier run must not count as a second line
        Files.deleteIfExists(ServiceProcess.WORK.resolve(name + ".log"));
        Map<String, String> environment = Suite.environment(url, ServiceProcess.freePort());
        environment.put("JOBS_METRICS_PORT", "0");
        long started = System.nanoTime();
        try (ServiceProcess process = ServiceProcess.start(name, command, environment)) {
            int exitCode = process.waitFor(AT_ONCE);
            double seconds = (System.nanoTime() - started) / 1e9;
            String output = process.output();
            assertThat(exitCode).as(output).isNotZero();
            List<String> lines = output.lines().toList();
            assertThat(lines)
                    .as("no stack trace")
                    .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
            List<String> refusals = lines.stream()
                    .filter(line -> line.startsWith("job-processor: "))
                    .toList();
            assertThat(refusals).as(output).hasSize(1);
            return new Refusal(exitCode, Math.round(seconds * 10) / 10.0, refusals.get(0), output);
        }
    }

    private record Refusal(int exitCode, double seconds, String line, String output) {

        long linesNaming(String word) {
            return output.lines().filter(line -> line.contains(word)).count();
        }
    }
}
