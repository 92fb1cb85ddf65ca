package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.Transition;
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

    /**
     * The lifecycle step a stored transition made, from {@code before} to {@code after}; empty for the transitions
     * that are not lifecycle events (a heartbeat, a repeated completion).
     */
    public static Optional<JobLifecycle> of(Transition transition, Job before, Job after) {
        return eventOf(transition).map(event -> new JobLifecycle(event, after, attemptStart(event, before, after)));
    }

    /**
     * The one mapping from what the domain did to what operators count and log. Exhaustive: a new transition does not
     * compile until it is given its lifecycle event here.
     */
    public static Optional<LifecycleEvent> eventOf(Transition transition) {
        return Optional.ofNullable(
                switch (transition) {
                    case CLAIM -> LifecycleEvent.STARTED;
                    case COMPLETE -> LifecycleEvent.COMPLETED;
                    case FAIL_RETRY, EXPIRE_RETRY -> LifecycleEvent.RETRIED;
                    case FAIL_DEAD, EXPIRE_DEAD -> LifecycleEvent.DEAD;
                    case FAIL_PERMANENT -> LifecycleEvent.FAILED;
                    case CANCEL, CANCEL_RUNNING, DEPENDENCY_FAILED -> LifecycleEvent.CANCELLED;
                    case RETRY -> LifecycleEvent.REQUEUED;
                    case RELEASE -> LifecycleEvent.RELEASED;
                    case SNOOZE -> LifecycleEvent.SNOOZED;
                    case REQUEST_CANCEL -> LifecycleEvent.CANCEL_REQUESTED;
                    case HEARTBEAT,
                            COMPLETE_REPEATED,
                            REQUEST_CANCEL_REPEATED,
                            DEPENDENCY_MET,
                            DEPENDENCIES_MET,
                            DEPENDENCY_FAILED_UNCHANGED -> null;
                });
    }

    /** When the attempt this step started or ended began; null for the steps that neither start nor end one. */
    private static Instant attemptStart(LifecycleEvent event, Job before, Job after) {
        return switch (event) {
            case STARTED -> after.startedAt();
            case COMPLETED, RETRIED, FAILED, DEAD, RELEASED, SNOOZED -> before.startedAt();
            case CREATED, CANCELLED, REQUEUED, CANCEL_REQUESTED -> null;
        };
    }

    /** How long the attempt that just ended ran; empty unless this step ended an attempt. */
    public Optional<Duration> attemptDuration() {
        return switch (event) {
            case COMPLETED, RETRIED, FAILED, DEAD ->
                Optional.ofNullable(attemptStartedAt).map(start -> nonNegative(start, job.updatedAt()));
            case CREATED, STARTED, CANCELLED, REQUEUED, RELEASED, SNOOZED, CANCEL_REQUESTED -> Optional.empty();
        };
    }

    /** How long a started job waited after it became due; empty unless this step started an attempt. */
    public Optional<Duration> queueWait() {
        return switch (event) {
            case STARTED -> Optional.of(nonNegative(job.runAt(), attemptStartedAt));
            case CREATED, COMPLETED, RETRIED, FAILED, DEAD, CANCELLED, REQUEUED, RELEASED, SNOOZED, CANCEL_REQUESTED ->
                Optional.empty();
        };
    }

    private static Duration nonNegative(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
