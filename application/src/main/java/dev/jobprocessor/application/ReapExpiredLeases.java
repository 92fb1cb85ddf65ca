package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.List;

/**
 * Finds running jobs whose lease ran out (their worker crashed, hung or lost its connection) and fails the attempt
 * with {@code lease expired}. Safe to run in every process at once: a job another reaper already moved is rejected
 * by the domain and not counted twice.
 */
public final class ReapExpiredLeases {

    private final JobRepository repository;
    private final Clock clock;
    private final Backoff backoff;
    private final int batchSize;

    public ReapExpiredLeases(JobRepository repository, Clock clock, Backoff backoff, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.repository = repository;
        this.clock = clock;
        this.backoff = backoff;
        this.batchSize = batchSize;
    }

    /** Reaps in batches until none is left; returns how many leases this call expired. */
    public int reap() {
        int reaped = 0;
        while (true) {
            Instant now = clock.now();
            List<JobId> expired = repository.findExpiredLeases(now, batchSize);
            if (expired.isEmpty()) {
                return reaped;
            }
            List<ChangeOutcome> outcomes = repository.apply(expired.stream()
                    .map(id -> new JobChange(id, job -> job.expiringLease(backoff, now)))
                    .toList());
            reaped += (int) outcomes.stream()
                    .filter(ChangeOutcome.Applied.class::isInstance)
                    .count();
            if (expired.size() < batchSize) {
                return reaped;
            }
        }
    }
}
