package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Extends a running job's lease for the worker that holds it, so a long attempt is not mistaken for a crash. */
public final class Heartbeat {

    private final JobRepository repository;
    private final Clock clock;

    public Heartbeat(JobRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The job with its lease now running until {@code now + extension}. */
    public Job heartbeat(JobId id, LeaseToken token, Duration extension) {
        List<FieldProblem> problems = new ArrayList<>();
        LeaseBounds.check(problems, "extend_seconds", extension);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return SingleChange.apply(repository, id, job -> job.heartbeating(token, extension, clock.now()));
    }
}
