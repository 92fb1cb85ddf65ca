package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Guarantee 8: 20 000 jobs from 16 concurrent HTTP clients while workers run — every accepted job completes once. */
class LoadTest {

    private static final int JOBS = 20_000;
    private static final int CLIENTS = 16;

    @Test
    void everyAcceptedJobCompletes() throws Exception {
        String database = "load";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        int workerMetricsPort = ServiceProcess.freePort();
        try (ServiceProcess serve =
                        Services.start("load-serve", "serve", url, port, Map.of("JOBS_WORKER_CONCURRENCY", "16"));
                ServiceProcess worker = Services.start(
                        "load-worker",
                        "worker",
                        url,
                        port,
                        Map.of(
                                "JOBS_WORKER_CONCURRENCY",
                                "16",
                                "JOBS_HTTP_PORT",
                                "0",
                                "JOBS_METRICS_PORT",
                                Integer.toString(workerMetricsPort)));
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            Api api = new Api(port);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            long started = System.nanoTime();
            List<Future<?>> submitters = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                submitters.add(clients.submit(() -> {
                    for (int i = 0; i < JOBS / CLIENTS; i++) {
                        int status = api.post("/jobs", "{\"type\":\"noop\"}").status();
                        (status == 201 ? accepted : refused).incrementAndGet();
                    }
                }));
            }
            for (Future<?> submitter : submitters) {
                submitter.get();
            }
            double submitSeconds = (System.nanoTime() - started) / 1e9;
            CrashRecoveryTest.awaitCount(
                    database, "SELECT count(*) FROM jobs WHERE state = 'completed'", accepted.get());
            double totalSeconds = (System.nanoTime() - started) / 1e9;

            assertThat(refused).hasValue(0);
            assertThat(accepted).hasValue(JOBS);
            assertThat(Suite.countsByState(database)).containsExactly(Map.entry("completed", (long) JOBS));
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs WHERE attempts <> 1"))
                    .isZero();
            assertThat(worker.isAlive()).isTrue();
            assertThat(serve.isAlive()).isTrue();

            // what operators see agrees with the database: /admin/stats, and the counters summed over both processes
            JsonNode stats = api.get("/admin/stats").body();
            assertThat(stats.at("/by_state/completed").asLong()).isEqualTo(JOBS);
            assertThat(stats.at("/by_queue/default/completed").asLong()).isEqualTo(JOBS);
            assertThat(stats.at("/by_type/noop/completed").asLong()).isEqualTo(JOBS);
            for (String state : List.of("pending", "running", "failed", "dead", "cancelled")) {
                assertThat(stats.at("/by_state/" + state).asLong()).as(state).isZero();
            }
            Api workerPort = new Api(workerMetricsPort);
            assertThat(api.metric("jobs_created_total", "noop")).isEqualTo(JOBS);
            double completedByServe = api.metric("jobs_completed_total", "noop");
            double completedByWorker = workerPort.metric("jobs_completed_total", "noop");
            assertThat(completedByServe + completedByWorker).isEqualTo(JOBS);
            // A worker hands back claimed jobs that waited too long in its buffer (a busy machine) and claims them
            // again: each claim counts as a start and each hand-back as a release, so starts less releases is one per
            // job (attempts = 1 above says no attempt was spent on them).
            double starts = api.metric("jobs_started_total", "noop") + workerPort.metric("jobs_started_total", "noop");
            double releases =
                    api.metric("jobs_released_total", "noop") + workerPort.metric("jobs_released_total", "noop");
            assertThat(starts - releases).isEqualTo(JOBS);
            Suite.report(
                    "load",
                    JOBS + " jobs from " + CLIENTS + " HTTP clients in " + String.format("%.1f", submitSeconds)
                            + " s, all completed exactly once (attempts = 1) after "
                            + String.format("%.1f", totalSeconds)
                            + " s; none lost or duplicated; /admin/stats says " + stats.at("/by_state/completed")
                            + " completed, jobs_completed_total " + (long) completedByServe + " (serve) + "
                            + (long) completedByWorker + " (worker)");
        }
    }
}
