package dev.jobprocessor.domain;

import java.util.Objects;

/** An accepted transition and the job it produced: what a store writes, and the name of what happened. */
public record Step(Transition transition, Job job) {

    public Step {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(job, "job");
    }
}
