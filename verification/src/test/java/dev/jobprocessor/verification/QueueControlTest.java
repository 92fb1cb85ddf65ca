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
            List<ServiceProcess> workers = workerProcesses("pause-worker", url, "bulk", 3, 4, Map.of());
            Process remote = remoteWorker(client, "pause-remote", 4, "bulk", 20, "sleep");
            try {
                // Paused in full flight: every worker process has been claiming for a while.
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (Suite.count(database, "SELECT count(DISTINCT lease_owner) FROM jobs WHERE state = 'running'") < 4
                        || Suite.count(database, "SELECT count(*) FROM jobs WHERE lease_owner = 'pause-remote'") == 0
                        || Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'completed'") < 300) {
                    assertThat(System.nanoTime())
                            .as("all three worker processes and the remote worker claiming")
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
                        "3 worker processes x 4 and a remote worker x 4 on " + JOBS
                                + " sleep jobs of 20 ms; last claim "
                                + Duration.between(lastStart, acknowledged).toMillis()
                                + " ms before the pause was acknowledged, none in the 4 s after (" + left
                                + " jobs waiting, " + completedWhilePaused + " done); resumed, drained in "
                                + String.format("%.1f", (System.nanoTime() - resumed) / 1e9) + " s");
            } finally {
                remote.destroyForcibly();
                for (ServiceProcess worker : workers) {
                    worker.close();
                }
            }
        }
    }

    @Test
    void aRateLimitOfTwentyPerSecondHoldsInEverySecondAcrossProcesses() throws Exception {
        int jobs = 300;
        String database = "queue_rate";
        String url = Suite.postgres().createDatabase(database);
        int port = ServiceProcess.freePort();
        migrate(database, url);
        try (ServiceProcess api = ServiceProcess.start("rate-api", "api", Suite.environment(url, port))) {
            Api client = new Api(port);
            client.awaitReady(Duration.ofSeconds(60));
            assertThat(patch(client, "/queues/rated", "{\"rate_limit\":{\"jobs\":20,\"per_seconds\":1}}"))
                    .isEqualTo(200);
            List<ServiceProcess> workers =
                    workerProcesses("rate-worker", url, "rated", 2, 8, Map.of("JOBS_POLL_INTERVAL_MS", "100"));
            try {
                String batch = "{\"jobs\":["
                        + String.join(",", Collections.nCopies(jobs, "{\"type\":\"noop\",\"queue\":\"rated\"}"))
                        + "]}";
                long submitted = System.nanoTime();
                assertThat(client.post("/jobs/batch", batch).status()).isEqualTo(201);
                client.await(
                        "/queues/rated",
                        response -> response.body().get("pending").asLong() == 0
                                && response.body().get("running").asLong() == 0,
                        Duration.ofSeconds(120));
                double seconds = (System.nanoTime() - submitted) / 1e9;

                List<Long> starts = new ArrayList<>();
                Suite.query(
                        database,
                        "SELECT (extract(epoch FROM started_at) * 1000000)::bigint FROM jobs ORDER BY started_at",
                        row -> starts.add(row.getLong(1)));
                int busiest = 0;
                for (int i = 0, j = 0; i < starts.size(); i++) {
                    while (j < starts.size() && starts.get(j) < starts.get(i) + 1_000_000) {
                        j++;
                    }
                    busiest = Math.max(busiest, j - i);
                }
                assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", (long) jobs));
                assertThat(Suite.count(database, "SELECT max(attempts) FROM jobs"))
                        .as("no job started twice")
                        .isEqualTo(1);
                assertThat(busiest).as("most starts in any one second").isEqualTo(20);
                double startSpan = (starts.getLast() - starts.getFirst()) / 1e6;
                assertThat(startSpan)
                        .as("seconds from the first start to the last: 300 at 20 per second")
                        .isBetween(14.0, 20.0);
                assertThat(api.isAlive()).isTrue();
                Suite.report(
                        "rate limit",
                        "20 jobs/s, 2 processes x 8 on " + jobs + " noop jobs: at most " + busiest
                                + " starts in any one second (reached); first to last start "
                                + String.format("%.1f", startSpan) + " s (14.x at the limit), drained "
                                + String.format("%.1f", seconds) + " s after the submit (worker start-up included)");
            } finally {
                for (ServiceProcess worker : workers) {
                    worker.close();
                }
            }
        }
    }

    @Test
    void aSmallKeyIsNotStarvedByAFloodOfAnotherKey() throws Exception {
        int flood = 20_000;
        String database = "queue_keys";
        String url = Suite.postgres().createDatabase(database);
        int port = ServiceProcess.freePort();
        migrate(database, url);
        try (ServiceProcess api = ServiceProcess.start("keys-api", "api", Suite.environment(url, port))) {
            Api client = new Api(port);
            client.awaitReady(Duration.ofSeconds(60));
            assertThat(patch(client, "/queues/tenants", "{\"key_limit\":2}")).isEqualTo(200);
            String floodBatch = "{\"jobs\":["
                    + String.join(
                            ",",
                            Collections.nCopies(
                                    1_000,
                                    "{\"type\":\"sleep\",\"queue\":\"tenants\",\"concurrency_key\":\"big\","
                                            + "\"payload\":{\"ms\":200}}"))
                    + "]}";
            for (int i = 0; i < flood / 1_000; i++) {
                assertThat(client.post("/jobs/batch", floodBatch).status()).isEqualTo(201);
            }
            List<ServiceProcess> workers = workerProcesses("keys-worker", url, "tenants", 2, 8, Map.of());
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                // Every 20 ms from here on, the most running jobs of one key.
                long mostRunning = 0;
                int samples = 0;
                while (Suite.count(database, "SELECT count(*) FROM jobs WHERE state = 'completed'") < 20) {
                    assertThat(System.nanoTime()).as("the flood running").isLessThan(deadline);
                    mostRunning = Math.max(mostRunning, mostRunningOfOneKey(database));
                    samples++;
                    Api.pause(Duration.ofMillis(20));
                }
                String smallBatch = "{\"jobs\":["
                        + String.join(
                                ",",
                                Collections.nCopies(
                                        10,
                                        "{\"type\":\"sleep\",\"queue\":\"tenants\",\"concurrency_key\":"
                                                + "\"small\",\"payload\":{\"ms\":200}}"))
                        + "]}";
                assertThat(client.post("/jobs/batch", smallBatch).status()).isEqualTo(201);
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (Suite.count(
                                database,
                                "SELECT count(*) FROM jobs WHERE concurrency_key = 'small' AND state = 'completed'")
                        < 10) {
                    assertThat(System.nanoTime())
                            .as("the small key's jobs done")
                            .isLessThan(deadline);
                    mostRunning = Math.max(mostRunning, mostRunningOfOneKey(database));
                    samples++;
                    Api.pause(Duration.ofMillis(20));
                }
                long[] smallStart = new long[1];
                Suite.query(
                        database,
                        "SELECT (extract(epoch FROM max(started_at) - min(created_at)) * 1000)::bigint FROM jobs"
                                + " WHERE concurrency_key = 'small'",
                        row -> smallStart[0] = row.getLong(1));
                long floodLeft = Suite.count(
                        database, "SELECT count(*) FROM jobs WHERE concurrency_key = 'big' AND state = 'pending'");

                assertThat(smallStart[0])
                        .as("ms until the small key's last job started")
                        .isLessThan(5_000);
                assertThat(floodLeft).as("the flood still waiting").isGreaterThan(flood / 2);
                assertThat(mostRunning)
                        .as("most jobs of one key running at once")
                        .isEqualTo(2);
                assertThat(api.isAlive()).isTrue();
                Suite.report(
                        "fair shares",
                        "key limit 2, 2 processes x 8; " + flood + " jobs of one key queued first, then 10 of another:"
                                + " all 10 started within " + smallStart[0] + " ms (" + floodLeft
                                + " of the flood still waiting), at most " + mostRunning
                                + " jobs of one key running in " + samples + " samples");
            } finally {
                for (ServiceProcess worker : workers) {
                    worker.close();
                }
            }
        }
    }

    /** {@code count} worker processes of {@code concurrency} on {@code queue}, each with its own metrics port. */
    private static List<ServiceProcess> workerProcesses(
            String name, String url, String queue, int count, int concurrency, Map<String, String> extra) {
        List<ServiceProcess> workers = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            Map<String, String> environment = Suite.environment(url, ServiceProcess.freePort());
            environment.put("JOBS_QUEUES", queue);
            environment.put("JOBS_WORKER_CONCURRENCY", Integer.toString(concurrency));
            environment.put("JOBS_METRICS_PORT", Integer.toString(ServiceProcess.freePort()));
            environment.putAll(extra);
            workers.add(ServiceProcess.start(name + "-" + w, "worker", environment));
        }
        return workers;
    }

    /** The limit is on the running state, so it is read there. */
    private static long mostRunningOfOneKey(String database) {
        return Suite.count(
                database,
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM jobs"
                        + " WHERE queue = 'tenants' AND state = 'running' GROUP BY concurrency_key) AS running_per_key");
    }

    private static int patch(Api client, String path, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(client.base() + path))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)))
                .status();
    }

    /** Where {@link RecordingRemoteWorker} {@code name} writes its executions. */
    private static Path remoteOutput(String name) {
        return ServiceProcess.WORK.resolve(name + ".csv");
    }

    private static Process remoteWorker(
            Api client, String name, int concurrency, String queue, long sleepMillis, String type) throws Exception {
        Path output = remoteOutput(name);
        Files.deleteIfExists(output);
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RecordingRemoteWorker.class.getName(),
                        client.base(),
                        name,
                        Integer.toString(concurrency),
                        output.toString(),
                        queue,
                        Long.toString(sleepMillis),
                        type)
                .redirectErrorStream(true)
                .redirectOutput(ServiceProcess.WORK.resolve(name + ".log").toFile())
                .start();
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
            assertThat(patch(client, "/queues/limited", "{\"concurrency_limit\":3}"))
                    .isEqualTo(200);
            String batch = "{\"jobs\":["
                    + String.join(",", Collections.nCopies(jobs, "{\"type\":\"record\",\"queue\":\"limited\"}"))
                    + "]}";
            assertThat(client.post("/jobs/batch", batch).status()).isEqualTo(201);

            long started = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(remoteWorker(client, "limited-" + w, 8, "limited", 20, "record"));
                outputs.add(remoteOutput("limited-" + w));
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
