package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

/** Starting the service the way each check needs it. */
final class Services {

    private Services() {}

    /** Migrates {@code database} with the {@code migrate} subcommand and returns its JDBC URL. */
    static String migratedDatabase(String database) {
        String url = Suite.postgres().createDatabase(database);
        try (ServiceProcess migrate =
                ServiceProcess.start(database + "-migrate", "migrate", Suite.environment(url, 0))) {
            assertThat(migrate.waitFor(Duration.ofSeconds(90)))
                    .as(migrate.output())
                    .isZero();
        }
        return url;
    }

    /** Starts {@code command} with extra settings and waits until it answers {@code /ready} (when it has HTTP). */
    static ServiceProcess start(String name, String command, String url, int port, Map<String, String> extra) {
        Map<String, String> environment = Suite.environment(url, port);
        // several worker processes share this host: each takes a free port for its /metrics
        environment.put("JOBS_METRICS_PORT", "0");
        environment.putAll(extra);
        ServiceProcess process = ServiceProcess.start(name, command, environment);
        if (!command.equals("worker")) {
            try {
                new Api(port).awaitReady(Duration.ofSeconds(90));
            } catch (AssertionError notReady) {
                throw new AssertionError(name + " did not become ready; its log:\n" + process.output(), notReady);
            }
        }
        return process;
    }
}
