package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/** An operator's second chance for a failed, dead or cancelled job: pending now, attempts reset, history kept. */
public final class RetryJob {

    private final JobRepository repository;
    private final Clock clock;

    public RetryJob(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Job retry(JobId id) {
        return SingleChange.apply(repository, id, job -> job.retrying(clock.now()));
    }
}
