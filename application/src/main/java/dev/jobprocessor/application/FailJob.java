package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Instant;
import java.util.List;

/** Records failed attempts: back to pending after backoff, or dead, or failed for good, as docs/SPEC.md §4 says. */
public final class FailJob {

    private final JobRepository repository;
    private final Clock clock;
    private final Backoff backoff;

    public FailJob(JobRepository repository, Clock clock, Backoff backoff) {
        this.repository = repository;
        this.clock = clock;
        this.backoff = backoff;
    }

    public Job fail(JobId id, LeaseToken token, Failure failure) {
        return SingleChange.unwrap(
                failAll(List.of(new FailureReport(id, token, failure))).getFirst());
    }

    /** Records many failures in one round trip; each succeeds or is rejected on its own. */
    public List<ChangeOutcome> failAll(List<FailureReport> reports) {
        Instant now = clock.now();
        return repository.apply(reports.stream()
                .map(r -> new JobChange(r.id(), job -> job.failing(r.token(), r.failure(), backoff, now), r.leased()))
                .toList());
    }
}
