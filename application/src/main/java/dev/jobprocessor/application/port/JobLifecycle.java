package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored step of a job's life: what happened, the job after it, and — for the steps that start or end an attempt —
 * when that attempt started.
 */
public record JobLifecycle(LifecycleEvent event, Job job, Instant attemptStartedAt) {

    public JobLifecycle {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(job, "job");
    }

    public static JobLifecycle created(Job job) {
        return new JobLifecycle(LifecycleEvent.CREATED, job, null);
    }

    /** A claim: the job is running and its attempt started at {@code startedAt}. */
    public static JobLifecycle started(Job running) {
        return new JobLifecycle(LifecycleEvent.STARTED, running, running.startedAt());
    }

    /** Names the step from {@code before} to {@code after}; empty when it is not a lifecycle event (a heartbeat). */
    public static Optional<JobLifecycle> of(Job before, Job after) {
        JobState from = before.state();
        LifecycleEvent event = switch (after.state()) {
            case PENDING ->
                switch (from) {
                    case RUNNING -> LifecycleEvent.RETRIED;
                    case FAILED, DEAD, CANCELLED -> LifecycleEvent.REQUEUED;
                    case PENDING, COMPLETED -> null;
                };
            case RUNNING -> from == JobState.PENDING ? LifecycleEvent.STARTED : null;
            case COMPLETED -> from == JobState.RUNNING ? LifecycleEvent.COMPLETED : null;
            case FAILED -> from == JobState.RUNNING ? LifecycleEvent.FAILED : null;
            case DEAD -> from == JobState.RUNNING ? LifecycleEvent.DEAD : null;
            case CANCELLED -> from == JobState.PENDING ? LifecycleEvent.CANCELLED : null;
        };
        Instant attemptStart = from == JobState.RUNNING ? before.startedAt() : after.startedAt();
        return Optional.ofNullable(event)
                .map(e -> new JobLifecycle(e, after, e == LifecycleEvent.REQUEUED ? null : attemptStart));
    }

    /** How long the attempt that just ended ran; empty unless this step ended an attempt. */
    public Optional<Duration> attemptDuration() {
        return switch (event) {
            case COMPLETED, RETRIED, FAILED, DEAD ->
                Optional.ofNullable(attemptStartedAt).map(start -> nonNegative(start, job.updatedAt()));
            case CREATED, STARTED, CANCELLED, REQUEUED, RELEASED -> Optional.empty();
        };
    }

    /** How long a started job waited after it became due; empty unless this step started an attempt. */
    public Optional<Duration> queueWait() {
        return switch (event) {
            case STARTED -> Optional.of(nonNegative(job.runAt(), attemptStartedAt));
            case CREATED, COMPLETED, RETRIED, FAILED, DEAD, CANCELLED, REQUEUED, RELEASED -> Optional.empty();
        };
    }

    private static Duration nonNegative(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
