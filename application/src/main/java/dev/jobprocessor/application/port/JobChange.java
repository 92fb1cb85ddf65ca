package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A transition to apply to one stored job: {@code transition} is a pure domain function (such as
 * {@code job -> job.complete(token, result, now)}) that returns the next job or throws a domain exception.
 */
public record JobChange(JobId id, UnaryOperator<Job> transition) {

    public JobChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transition, "transition");
    }
}
