package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batches with callbacks run by real worker processes (docs/WORKFLOWS.md, "Batches with callbacks"): 100 batches whose
 * jobs end together — same length, three worker processes taking them at once — each enqueue their {@code on_success}
 * and {@code on_finish} exactly once.
 */
class BatchCallbackTest {

    private static final int BATCHES = 100;
    private static final int JOBS_PER_BATCH = 8;

    @Test
    void everyBatchEnqueuesEachCallbackExactlyOnceWhenItsLastJobsCompleteTogether() {
        String database = "batch_callbacks";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        List<ServiceProcess> workers = new ArrayList<>();
        try (ServiceProcess api = Services.start("batch-api", "api", url, port, Map.of())) {
            Api client = new Api(port);
            List<String> ids = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                StringBuilder body = new StringBuilder("{\"name\":\"round " + b + "\",\"jobs\":[");
                for (int j = 0; j < JOBS_PER_BATCH; j++) {
                    body.append(j == 0 ? "" : ",").append("{\"type\":\"sleep\",\"payload\":{\"ms\":30}}");
                }
                // The callbacks go to a queue no worker serves, so that they stay to be counted.
                body.append("],\"on_success\":{\"type\":\"report\",\"queue\":\"callbacks\"},")
                        .append("\"on_finish\":{\"type\":\"cleanup\",\"queue\":\"callbacks\"}}");
                Api.Response submitted = client.post("/batches", body.toString());
                assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
                ids.add(submitted.text("/id"));
            }
            for (int w = 0; w < 3; w++) {
                workers.add(Services.start(
                        "batch-worker-" + w,
                        "worker",
                        url,
                        port,
                        Map.of(
                                "JOBS_WORKER_ID", "batch-worker-" + w,
                                "JOBS_WORKER_CONCURRENCY", "8",
                                "JOBS_QUEUES", "default")));
            }
            Suite.awaitCount(
                    database,
                    "SELECT count(*) FROM jobs WHERE state = 'completed' AND batch_id IS NOT NULL",
                    (long) BATCHES * JOBS_PER_BATCH,
                    Duration.ofSeconds(120));
            // The last transaction of a batch commits its callbacks with its end: nothing is left to wait for.
            Map<String, Long> reports = new HashMap<>();
            Map<String, Long> cleanups = new HashMap<>();
            Suite.query(
                    database,
                    "SELECT created_by, type, count(*) FROM jobs WHERE created_by LIKE 'batch:%' GROUP BY 1, 2",
                    row -> (row.getString(2).equals("report") ? reports : cleanups)
                            .put(row.getString(1).substring("batch:".length()), row.getLong(3)));
            List<Long> closeEnds = new ArrayList<>();
            Suite.query(
                    database,
                    "SELECT batch_id, extract(epoch FROM max(finished_at) - min(finished_at)) * 1000 FROM"
                            + " (SELECT batch_id, finished_at, rank() OVER (PARTITION BY batch_id ORDER BY finished_at"
                            + " DESC) AS r FROM jobs WHERE batch_id IS NOT NULL) last WHERE r <= 2 GROUP BY batch_id",
                    row -> closeEnds.add(Math.round(row.getDouble(2))));
            for (String id : ids) {
                assertThat(reports.get(id)).as("on_success of batch %s", id).isEqualTo(1L);
                assertThat(cleanups.get(id)).as("on_finish of batch %s", id).isEqualTo(1L);
                Api.Response batch = client.get("/batches/" + id);
                assertThat(batch.body().at("/tally/completed").asInt()).isEqualTo(JOBS_PER_BATCH);
                assertThat(batch.text("/callbacks/on_success/job_id")).isNotEmpty();
            }
            long together = closeEnds.stream().filter(ms -> ms <= 5).count();
            assertThat(together)
                    .as("batches whose last two jobs ended within 5 ms of each other: the race was run")
                    .isPositive();
            assertThat(api.isAlive()).isTrue();
            Suite.report(
                    "batch callbacks",
                    BATCHES + " batches of " + JOBS_PER_BATCH + " sleep jobs of 30 ms on 3 worker processes x 8: "
                            + "on_success and on_finish enqueued exactly once in every batch (" + (2 * BATCHES)
                            + " callback jobs); in " + together + " batches the last two jobs ended within 5 ms of"
                            + " each other");
        } finally {
            workers.forEach(ServiceProcess::close);
        }
    }
}
