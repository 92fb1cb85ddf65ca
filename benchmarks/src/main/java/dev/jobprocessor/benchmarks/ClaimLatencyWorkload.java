package dev.jobprocessor.benchmarks;

import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.JobRequest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Claim latency behind a history of finished jobs: {@code rows} completed jobs inserted by SQL and {@code VACUUM
 * ANALYZE}d, then 1 000 pending jobs submitted; 500 claims of 1 and 30 claims of {@code batch}, each timed.
 */
final class ClaimLatencyWorkload {

    private static final Duration LEASE = Duration.ofSeconds(30);

    record Latency(Samples single, Samples batch) {}

    private final BenchmarkDatabase database;
    private final JobRepository store;
    private final Clock clock;
    private final SecureRandom random;
    private final int batch;

    ClaimLatencyWorkload(BenchmarkDatabase database, JobRepository store, Clock clock, SecureRandom random, int batch) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.batch = batch;
    }

    /** Empties the table and inserts {@code rows} completed jobs, a million per statement. */
    void history(long rows) throws SQLException {
        database.reset();
        for (long from = 1; from <= rows; from += 1_000_000) {
            long to = Math.min(rows, from + 999_999);
            database.execute("INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts,"
                    + " run_at, timeout_seconds, result, created_at, updated_at, started_at, finished_at, lease_token)"
                    + " SELECT gen_random_uuid(), 'noop', 'default', '{}', 5, 'completed', 1, 3, now(), 300, '{}',"
                    + " now(), now(), now(), now(), md5(g::text) FROM generate_series(" + from + ", " + to + ") AS g");
        }
        database.execute("VACUUM ANALYZE jobs");
    }

    /** One round: 1 000 pending jobs (after removing the previous round's), then the timed claims. */
    Latency measure() throws SQLException {
        database.execute("DELETE FROM jobs WHERE state <> 'completed'");
        SubmitJob submit = new SubmitJob(store, clock, random);
        List<JobRequest> pending = new ArrayList<>();
        for (int i = 0; i < SubmitJob.MAX_BATCH_SIZE; i++) {
            pending.add(JobRequest.ofType("noop"));
        }
        submit.submitAll(pending);
        LeaseJobs lease = new LeaseJobs(store, clock);
        Samples single = new Samples(500);
        for (int i = 0; i < 500; i++) {
            long start = System.nanoTime();
            lease.lease(new LeaseRequest("claim-bench", List.of("default"), Set.of(), 1, LEASE));
            single.add(System.nanoTime() - start);
        }
        Samples batched = new Samples(30);
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            lease.lease(new LeaseRequest("claim-bench", List.of("default"), Set.of(), batch, LEASE));
            batched.add(System.nanoTime() - start);
        }
        return new Latency(single, batched);
    }
}
