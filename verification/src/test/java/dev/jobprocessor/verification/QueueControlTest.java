package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Queue control across real processes (docs/QUEUE_CONTROL.md): a pause stops every claimer, embedded and remote, and
 * a concurrency limit holds across processes.
 */
class QueueControlTest {

    private static final int JOBS = 6_000;

    @Test
    void aPauseStopsEveryProcessWithinASecondAndAResumeDrainsTheQueue() throws Exception {
        String database = "queue_pause";
        String url = Suite.postgres().createDatabase(database);
        int port = ServiceProcess.freePort();
        Map<String, String> apiEnvironment = Suite.environment(url, port);
        migrate(database, url);
        try (ServiceProcess api = ServiceProcess.start("pause-api", "api", apiEnvironment)) {
            Api client = new Api(port);
            client.awaitReady(Duration.ofSeconds(60));
            String batch = "{\"jobs\":["
                    + String.join(
                            ",",
                            Collections.nCopies(
                                    1_000, "{\"type\":\"sleep\",\"queue\":\"bulk\",\"payload\":{\"ms\":20}}"))
                    + "]}";
            for (int i = 0; i < JOBS / 1_000; i++) {
                assertThat(client.post("/jobs/batch", batch).status()).isEqualTo(201);
            }
            List<ServiceProcess> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Map<String, String> environment = Suite.environment(url, ServiceProcess.freePort());
                environment.put("JOBS_QUEUES", "bulk");
                environment.put("JOBS_WORKER_CONCURRENCY", "4");
                environment.put("JOBS_METRICS_PORT", Integer.toString(ServiceProcess.freePort()));
                workers.add(ServiceProcess.start("pause-worker-" + w, "worker", environment));
            }
            try {
                // Paused in full flight: every worker process has been claiming for a while.
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (Suite.count(database, "SELECT count(DISTINCT lease_owner) FROM jobs WHERE state = 'running'") < 3
                        || Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'completed'") < 300) {
                    assertThat(System.nanoTime())
                            .as("all three workers claiming")
                            .isLessThan(deadline);
                    Api.pause(Duration.ofMillis(20));
                }

                Api.Response paused = client.post("/queues/bulk/pause", "{}");
                Instant acknowledged = Instant.now();
                assertThat(paused.status()).isEqualTo(200);
                Api.pause(Duration.ofSeconds(3));

                Instant lastStart = Instant.parse(latest(database, "started_at"));
                long completedWhilePaused =
                        Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'completed'");
                long left = Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'pending'");
                assertThat(lastStart).isBefore(acknowledged.plusSeconds(1));
                assertThat(left).as("jobs still waiting when paused").isGreaterThan(0);
                Api.pause(Duration.ofSeconds(1));
                assertThat(Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'pending'"))
                        .as("nothing claimed while paused")
                        .isEqualTo(left);

                long resumed = System.nanoTime();
                assertThat(client.post("/queues/bulk/resume", "").status()).isEqualTo(200);
                client.await(
                        "/queues/bulk",
                        response -> response.body().get("pending").asLong() == 0
                                && response.body().get("running").asLong() == 0,
                        Duration.ofSeconds(120));
                assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", (long) JOBS));
                assertThat(api.isAlive()).isTrue();
                Suite.report(
                        "pause",
                        "3 worker processes x 4 on " + JOBS + " sleep jobs of 20 ms; last claim "
                                + Duration.between(lastStart, acknowledged).toMillis()
                                + " ms before the pause was acknowledged, none in the 4 s after (" + left
                                + " jobs waiting, " + completedWhilePaused + " done); resumed, drained in "
                                + String.format("%.1f", (System.nanoTime() - resumed) / 1e9) + " s");
            } finally {
                for (ServiceProcess worker : workers) {
                    worker.close();
                }
            }
        }
    }

    @Test
    void aConcurrencyLimitOfThreeHoldsAcrossThreeProcessesOfEightAndIsReached() throws Exception {
        int jobs = 200;
        String database = "queue_limit";
        String url = Suite.postgres().createDatabase(database);
        int port = ServiceProcess.freePort();
        migrate(database, url);
        try (ServiceProcess api = ServiceProcess.start("limit-api", "api", Suite.environment(url, port))) {
            Api client = new Api(port);
            client.awaitReady(Duration.ofSeconds(60));
            assertThat(client.send(HttpRequest.newBuilder(URI.create(client.base() + "/queues/limited"))
                                    .header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"concurrency_limit\":3}")))
                            .status())
                    .isEqualTo(200);
            String batch = "{\"jobs\":["
                    + String.join(",", Collections.nCopies(jobs, "{\"type\":\"record\",\"queue\":\"limited\"}"))
                    + "]}";
            assertThat(client.post("/jobs/batch", batch).status()).isEqualTo(201);

            long started = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Path output = ServiceProcess.WORK.resolve("limited-" + w + ".csv");
                Files.deleteIfExists(output);
                outputs.add(output);
                workers.add(new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                System.getProperty("java.class.path"),
                                RecordingRemoteWorker.class.getName(),
                                client.base(),
                                "limited-" + w,
                                "8",
                                output.toString(),
                                "limited",
                                "20")
                        .redirectErrorStream(true)
                        .redirectOutput(ServiceProcess.WORK
                                .resolve("limited-" + w + ".log")
                                .toFile())
                        .start());
            }
            for (Process worker : workers) {
                assertThat(worker.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(worker.exitValue()).isZero();
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            List<long[]> executions = new ArrayList<>();
            for (Path output : outputs) {
                for (String line : Files.exists(output) ? Files.readAllLines(output) : List.<String>of()) {
                    String[] fields = line.split(",");
                    executions.add(new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                }
            }
            int overlap = maxOverlap(executions);
            assertThat(executions).hasSize(jobs);
            assertThat(overlap).as("most executions at one instant").isEqualTo(3);
            assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", (long) jobs));
            assertThat(api.isAlive()).isTrue();
            Suite.report(
                    "concurrency limit",
                    "limit 3, 3 processes x 8 threads, " + jobs + " jobs of 20 ms: at most " + overlap
                            + " executions at once (reached), drained in " + String.format("%.1f", seconds) + " s");
        }
    }

    private static void migrate(String database, String url) {
        try (ServiceProcess migrate = ServiceProcess.start(
                database + "-migrate", "migrate", Suite.environment(url, ServiceProcess.freePort()))) {
            assertThat(migrate.waitFor(Duration.ofSeconds(60)))
                    .as(migrate.output())
                    .isZero();
        }
    }

    /** The most intervals [start, end) that hold one instant. */
    static int maxOverlap(List<long[]> intervals) {
        List<long[]> events = new ArrayList<>();
        for (long[] interval : intervals) {
            events.add(new long[] {interval[0], 1});
            events.add(new long[] {interval[1], -1});
        }
        // An end and a start at the same microsecond do not overlap: ends first.
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int current = 0;
        int most = 0;
        for (long[] event : events) {
            current += (int) event[1];
            most = Math.max(most, current);
        }
        return most;
    }

    private static String latest(String database, String column) {
        String[] value = new String[1];
        Suite.query(
                database,
                "SELECT to_char(max(" + column + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM jobs",
                row -> value[0] = row.getString(1));
        return value[0];
    }
}
