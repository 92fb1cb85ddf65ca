package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 2: 4 worker processes × concurrency 8 over 5 000 jobs — each executed exactly once, never overlapping. */
class NoDoubleExecutionTest {

    private static final int JOBS = 5_000;
    private static final int WORKERS = 4;
    private static final int CONCURRENCY = 8;

    @Test
    void everyJobRunsExactlyOnce() throws Exception {
        String database = "no_double";
        String url = Suite.postgres().createDatabase(database);
        int port = ServiceProcess.freePort();
        try (ServiceProcess migrate =
                ServiceProcess.start("no-double-migrate", "migrate", Suite.environment(url, port))) {
            assertThat(migrate.waitFor(Duration.ofSeconds(60)))
                    .as(migrate.output())
                    .isZero();
        }
        try (ServiceProcess api = ServiceProcess.start("no-double-api", "api", Suite.environment(url, port))) {
            Api client = new Api(port);
            client.awaitReady(Duration.ofSeconds(60));
            String batch = "{\"jobs\":[" + String.join(",", Collections.nCopies(1_000, "{\"type\":\"record\"}")) + "]}";
            for (int i = 0; i < JOBS / 1_000; i++) {
                assertThat(client.post("/jobs/batch", batch).status()).isEqualTo(201);
            }

            long started = System.nanoTime();
            List<Process> workers = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Path output = ServiceProcess.WORK.resolve("executions-" + w + ".csv");
                Files.deleteIfExists(output);
                outputs.add(output);
                workers.add(new ProcessBuilder(
                                javaExecutable(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                RecordingRemoteWorker.class.getName(),
                                client.base(),
                                "remote-" + w,
                                Integer.toString(CONCURRENCY),
                                output.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ServiceProcess.WORK
                                .resolve("remote-" + w + ".log")
                                .toFile())
                        .start());
            }
            for (Process worker : workers) {
                assertThat(worker.waitFor(5, java.util.concurrent.TimeUnit.MINUTES))
                        .isTrue();
                assertThat(worker.exitValue()).isZero();
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            Map<String, List<long[]>> executions = new HashMap<>();
            Map<String, Integer> byWorker = new HashMap<>();
            int refused = 0;
            for (Path output : outputs) {
                for (String line : readLines(output)) {
                    String[] fields = line.split(",");
                    executions
                            .computeIfAbsent(fields[0], id -> new ArrayList<>())
                            .add(new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                    byWorker.merge(fields[1], 1, Integer::sum);
                    refused += fields[4].equals("200") ? 0 : 1;
                }
            }
            long twice =
                    executions.values().stream().filter(runs -> runs.size() > 1).count();
            long overlapping = executions.values().stream()
                    .filter(NoDoubleExecutionTest::overlap)
                    .count();

            assertThat(executions).hasSize(JOBS);
            assertThat(twice).as("jobs executed more than once").isZero();
            assertThat(overlapping).as("jobs with overlapping executions").isZero();
            assertThat(refused).as("completions refused").isZero();
            assertThat(byWorker).as("every worker process took part").hasSize(WORKERS);
            assertThat(api.isAlive()).isTrue();
            assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", (long) JOBS));
            Suite.report(
                    "no double execution",
                    JOBS + " jobs, " + WORKERS + " processes x " + CONCURRENCY + " threads, executions per process "
                            + byWorker + ", 0 run twice, 0 overlapping, drained in " + String.format("%.1f", seconds)
                            + " s");
        }
    }

    private static boolean overlap(List<long[]> runs) {
        List<long[]> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i)[0] < sorted.get(i - 1)[1]) {
                return true;
            }
        }
        return false;
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
