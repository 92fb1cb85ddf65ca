package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;

/** Cancels a pending job. */
public final class CancelJob {

    private final JobRepository repository;
    private final Clock clock;

    public CancelJob(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Job cancel(JobId id) {
        return SingleChange.apply(repository, id, job -> job.cancelling(clock.now()));
    }
}
