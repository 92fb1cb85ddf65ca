package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Instant;
import java.util.List;

/** Records successful attempts. Repeating a completion with the same token returns the stored job unchanged. */
public final class CompleteJob {

    private final JobRepository repository;
    private final Clock clock;

    public CompleteJob(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Job complete(JobId id, LeaseToken token, Json result) {
        return SingleChange.unwrap(
                completeAll(List.of(new Completion(id, token, result))).getFirst());
    }

    /** Records many completions in one round trip; each succeeds or is rejected on its own. */
    public List<ChangeOutcome> completeAll(List<Completion> completions) {
        Instant now = clock.now();
        return repository.apply(completions.stream()
                .map(c -> new JobChange(c.id(), job -> job.completing(c.token(), c.result(), now), c.leased()))
                .toList());
    }
}
