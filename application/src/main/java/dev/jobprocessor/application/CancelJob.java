package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Step;

/**
 * Cancels a job: a pending one at once, a running one by recording the request, which its worker sees and which ends
 * it cancelled when its attempt ends (docs/QUEUE_CONTROL.md, "Cancelling running jobs").
 */
public final class CancelJob {

    private final JobRepository repository;
    private final Clock clock;

    public CancelJob(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The job and what the cancel did to it: {@code CANCEL} (it is cancelled), {@code REQUEST_CANCEL} or
     * {@code REQUEST_CANCEL_REPEATED} (it is running, asked to stop).
     */
    public Step cancel(JobId id) {
        return SingleChange.applyNamed(repository, id, job -> job.cancelling(clock.now()));
    }
}
