package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hands running jobs back to pending without counting their attempts, for a worker that stops before it finishes them
 * (docs/SPEC.md §8: a graceful shutdown hands unfinished work back). Only the lease holder can release a job.
 */
public final class ReleaseJobs {

    private final JobRepository repository;
    private final Clock clock;

    public ReleaseJobs(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Releases each job in {@code leases} (id → the lease token this worker holds); each succeeds or fails alone. */
    public List<ChangeOutcome> releaseAll(Map<JobId, LeaseToken> leases) {
        Instant now = clock.now();
        return repository.apply(leases.entrySet().stream()
                .map(lease -> new JobChange(lease.getKey(), job -> job.releasing(lease.getValue(), now)))
                .toList());
    }
}
