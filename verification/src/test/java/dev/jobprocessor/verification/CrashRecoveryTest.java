package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 1: kill -9 a worker mid-job; after its leases expire another worker finishes every job. */
class CrashRecoveryTest {

    @Test
    void jobsOfAKilledWorkerAreFinishedByAnother() {
        String database = "crash_recovery";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        Map<String, String> worker =
                Map.of("JOBS_WORKER_CONCURRENCY", "4", "JOBS_LEASE_SECONDS", "3", "JOBS_QUEUES", "default");
        try (ServiceProcess api = Services.start("crash-api", "api", url, port, Map.of());
                ServiceProcess doomed = Services.start(
                        "crash-worker-a", "worker", url, port, with(worker, "JOBS_WORKER_ID", "worker-a"))) {
            Api client = new Api(port);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(client.post("/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":4000},\"max_attempts\":3}")
                        .text("/id"));
            }
            awaitCount(database, "SELECT count(*) FROM jobs WHERE state = 'running' AND lease_owner = 'worker-a'", 4);

            doomed.kill9();
            long killedAt = System.nanoTime();
            List<String> interrupted = new ArrayList<>();
            Suite.query(
                    database, "SELECT id FROM jobs WHERE state = 'running'", row -> interrupted.add(row.getString(1)));
            assertThat(interrupted).hasSize(4);

            try (ServiceProcess rescuer =
                    Services.start("crash-worker-b", "worker", url, port, with(worker, "JOBS_WORKER_ID", "worker-b"))) {
                awaitCount(database, "SELECT count(*) FROM jobs WHERE state = 'completed'", 8);
                double recovered = (System.nanoTime() - killedAt) / 1e9;
                for (String id : interrupted) {
                    Api.Response job = client.get("/jobs/" + id);
                    assertThat(job.body().get("attempts").asInt()).isEqualTo(2);
                    assertThat(job.text("/errors/0/message")).isEqualTo("lease expired");
                    assertThat(job.body().at("/errors/0/attempt").asInt()).isEqualTo(1);
                }
                assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", 8L));
                Suite.report(
                        "crash recovery",
                        "worker killed (-9) with 4 of 8 jobs in flight; all 8 completed "
                                + String.format("%.1f", recovered)
                                + " s later; the 4 interrupted attempts are in each job's history as 'lease expired'");
                assertThat(rescuer.isAlive()).isTrue();
                assertThat(api.isAlive()).isTrue();
            }
        }
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    static void awaitCount(String database, String sql, long expected) {
        Suite.awaitCount(database, sql, expected, Duration.ofSeconds(90));
    }
}
