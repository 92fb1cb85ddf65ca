package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 7: SIGTERM during work exits 0; in-flight jobs complete or go back to pending; none stays running. */
class GracefulShutdownTest {

    @Test
    void sigtermLetsShortJobsFinishAndHandsLongOnesBack() {
        String database = "graceful_shutdown";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        ServiceProcess serve = Services.start(
                "shutdown-serve",
                "serve",
                url,
                port,
                Map.of("JOBS_WORKER_CONCURRENCY", "4", "JOBS_SHUTDOWN_GRACE_SECONDS", "3"));
        try (serve) {
            Api api = new Api(port);
            for (int i = 0; i < 2; i++) {
                api.post("/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":1000}}");
                api.post("/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":600000}}");
            }
            CrashRecoveryTest.awaitCount(database, "SELECT count(*) FROM jobs WHERE state = 'running'", 4);

            int exitCode = serve.terminate(Duration.ofSeconds(30));

            assertThat(exitCode).as(serve.output()).isZero();
            Map<String, Long> states = Suite.countsByState(database);
            assertThat(states).doesNotContainKey("running");
            assertThat(states).containsEntry("completed", 2L).containsEntry("pending", 2L);
            Suite.report(
                    "graceful shutdown",
                    "SIGTERM with 4 jobs in flight: exit 0, the two 1 s jobs completed within the 3 s grace, the two"
                            + " 600 s jobs were handed back to pending; none left running");
        }
    }
}
