package dev.jobprocessor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job and its life, as an immutable record. Every transition of docs/SPEC.md §4 is a method that returns the next
 * {@code Job} (and, in its {@link Step}-returning form, the name of the {@link Transition} it made) or throws a
 * {@link DomainException}; adapters only persist what these methods return. The compact
 * constructor enforces the invariants of docs/SPEC.md §3, so an invalid job cannot exist in memory.
 *
 * <p>{@code createdBy} names the API token that submitted the job ({@code null} without authentication); it never
 * changes.
 *
 * <p>{@code dependencies} is {@code null} for a job that depends on no other job; otherwise it counts its parents and
 * those not met yet (docs/WORKFLOWS.md). Which jobs the parents are is the store's to keep: a fan-in job may have a
 * thousand of them, and no transition needs their ids.
 *
 * <p>{@code callbackUrl} is where the job's end is delivered as a signed webhook (docs/WEBHOOKS.md), {@code null}
 * for none; it never changes.
 *
 * <p>{@code traceParent} is the trace the job was submitted in, which its attempts join (docs/OBSERVABILITY.md,
 * "Traces"); {@code null} when none was current. It never changes.
 *
 * <p>{@code leaseToken} is the token of the latest claim. It outlives the lease so that a worker repeating a completion
 * gets the stored result back; it is never shown by read endpoints.
 *
 * <p>{@code snoozes} counts the snoozes of the current retry cycle (at most {@link JobLimits#MAX_SNOOZES});
 * {@code cancelRequestedAt} is when an operator asked a running job to stop (docs/QUEUE_CONTROL.md). It stays on the
 * job once the request has ended it {@code cancelled}, so the job view shows that it was stopped while running.
 */
public record Job(
        JobId id,
        String type,
        String queue,
        Json payload,
        int priority,
        JobState state,
        int attempts,
        int maxAttempts,
        Instant runAt,
        int timeoutSeconds,
        String idempotencyKey,
        Json result,
        String lastError,
        List<AttemptError> errors,
        LeaseToken leaseToken,
        String leaseOwner,
        Instant leaseExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        String createdBy,
        int snoozes,
        Instant cancelRequestedAt,
        String concurrencyKey,
        UniqueKey unique,
        Dependencies dependencies,
        CallbackUrl callbackUrl,
        TraceParent traceParent) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        errors = List.copyOf(errors);
        requireInRange("priority", priority, JobLimits.MIN_PRIORITY, JobLimits.MAX_PRIORITY);
        requireInRange("maxAttempts", maxAttempts, JobLimits.MIN_MAX_ATTEMPTS, JobLimits.MAX_MAX_ATTEMPTS);
        requireInRange("attempts", attempts, 0, maxAttempts);
        requireInRange("timeoutSeconds", timeoutSeconds, JobLimits.MIN_TIMEOUT_SECONDS, JobLimits.MAX_TIMEOUT_SECONDS);
        requireInRange("snoozes", snoozes, 0, JobLimits.MAX_SNOOZES);
        boolean running = state == JobState.RUNNING;
        require((result != null) == (state == JobState.COMPLETED), "result is set if and only if the job is completed");
        require(
                (leaseOwner != null) == running && (leaseExpiresAt != null) == running,
                "the lease owner and expiry are set if and only if the job is running");
        require(!running || leaseToken != null, "a running job has a lease token");
        require(!running || (attempts >= 1 && startedAt != null), "a running job has started an attempt");
        require(state != JobState.PENDING || attempts < maxAttempts, "a pending job has an attempt left");
        require(
                state != JobState.WAITING || (dependencies != null && !dependencies.met() && attempts == 0),
                "a waiting job has an unmet parent and no attempt made");
        require(
                dependencies == null || dependencies.met() || state == JobState.WAITING || state == JobState.CANCELLED,
                "only a waiting or cancelled job has unmet parents");
        require(
                unique == null || !unique.held() || unique.states().contains(state),
                "a unique job holds its key only in its unique states");
        require((finishedAt != null) == state.isTerminal(), "finishedAt is set if and only if the job is terminal");
        require(
                errors.isEmpty()
                        ? lastError == null
                        : errors.getLast().message().equals(lastError),
                "lastError is the message of the latest entry in errors");
        require(
                cancelRequestedAt == null || running || state == JobState.CANCELLED,
                "a cancel request is recorded only on a running or cancelled job");
    }

    /**
     * A new job built from a validated request: pending, or waiting when it depends on other jobs (the store then meets
     * the parents that have already ended, {@link #parentEnded}); {@code runAt} defaults to {@code now}.
     */
    public static Job create(JobId id, NewJob spec, Instant now) {
        return create(id, spec, now, null);
    }

    /**
     * As {@link #create(JobId, NewJob, Instant)}, recording who created it: the name of the API token that submitted
     * it, or {@code null} when nobody authenticated (authentication off, or a library call).
     */
    public static Job create(JobId id, NewJob spec, Instant now, String createdBy) {
        return create(id, spec, now, createdBy, null);
    }

    /** As {@link #create(JobId, NewJob, Instant, String)}, in the trace {@code traceParent} names ({@code null}: none). */
    public static Job create(JobId id, NewJob spec, Instant now, String createdBy, TraceParent traceParent) {
        return new Job(
                id,
                spec.type(),
                spec.queue(),
                spec.payload(),
                spec.priority(),
                spec.dependsOn().isEmpty() ? JobState.PENDING : JobState.WAITING,
                0,
                spec.maxAttempts(),
                spec.runAt() != null ? spec.runAt() : now,
                spec.timeoutSeconds(),
                spec.idempotencyKey(),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                now,
                now,
                null,
                null,
                createdBy,
                0,
                null,
                spec.concurrencyKey(),
                spec.unique() == null
                        ? null
                        : new UniqueKey(
                                spec.unique()
                                        .keyOf(spec.type(), spec.queue(), spec.payload(), spec.concurrencyKey(), now),
                                spec.unique().states()),
                spec.dependsOn().isEmpty()
                        ? null
                        : Dependencies.on(spec.dependsOn().size(), spec.onDependencyFailure()),
                spec.callbackUrl(),
                traceParent);
    }

    /** Whether a claim at {@code now} may take this job: it is pending and its {@code run_at} has come. */
    public boolean isDue(Instant now) {
        return state == JobState.PENDING && !runAt.isAfter(now);
    }

    /**
     * pending (run_at ≤ now) → running: a new attempt under a new lease held by {@code owner}. The lease never runs
     * past the attempt's deadline ({@code started_at + timeout_seconds}), so an attempt that overruns its time limit
     * is reaped even when its worker keeps heartbeating.
     */
    public Job claim(String owner, LeaseToken token, Duration lease, Instant now) {
        return claiming(owner, token, lease, now).job();
    }

    /** As {@link #claim}, named: {@link Transition#CLAIM}. */
    public Step claiming(String owner, LeaseToken token, Duration lease, Instant now) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(token, "token");
        if (state != JobState.PENDING) {
            throw new InvalidTransitionException(id, state, JobEvent.CLAIM);
        }
        if (runAt.isAfter(now)) {
            throw new InvalidTransitionException(id, state, JobEvent.CLAIM, "it is not due before " + runAt);
        }
        Draft next = draft(now);
        next.state = JobState.RUNNING;
        next.attempts = attempts + 1;
        next.leaseToken = token;
        next.leaseOwner = owner;
        next.startedAt = now;
        next.leaseExpiresAt = next.capAtDeadline(now.plus(lease));
        return next.build(Transition.CLAIM);
    }

    /**
     * running → pending as if the claim had not happened: the attempt is not counted and nothing is added to the
     * history; only for the lease holder. For a worker that stops before it finishes (a graceful shutdown): the job was
     * interrupted by the operator, not failed by its handler, so it must not move closer to {@code dead}.
     */
    public Job release(LeaseToken token, Instant now) {
        return releasing(token, now).job();
    }

    /** As {@link #release}, named: {@link Transition#RELEASE}, or {@link Transition#CANCEL_RUNNING}. */
    public Step releasing(LeaseToken token, Instant now) {
        requireLease(token, JobEvent.RELEASE);
        if (cancelRequestedAt != null) {
            return cancelAttempt(now);
        }
        Draft next = draft(now);
        next.state = JobState.PENDING;
        next.attempts = attempts - 1;
        next.finishLease();
        return next.build(Transition.RELEASE);
    }

    /**
     * running → running with the lease extended to {@code now + extension}, but never past the attempt's deadline;
     * only for the lease holder. After a cancel request the lease is not extended: the holder has until its current
     * lease ends to stop, so a worker that ignores the request still loses the job at that point.
     */
    public Job heartbeat(LeaseToken token, Duration extension, Instant now) {
        return heartbeating(token, extension, now).job();
    }

    /** As {@link #heartbeat}, named: {@link Transition#HEARTBEAT}. */
    public Step heartbeating(LeaseToken token, Duration extension, Instant now) {
        requireLease(token, JobEvent.HEARTBEAT);
        Draft next = draft(now);
        if (cancelRequestedAt == null) {
            next.leaseExpiresAt = next.capAtDeadline(now.plus(extension));
        }
        return next.build(Transition.HEARTBEAT);
    }

    /**
     * running → completed with {@code result}; only for the lease holder. Completing again with the same token returns
     * this job unchanged, so a worker that lost the first response can safely repeat itself. After a cancel request the
     * result is not stored: the job ends cancelled.
     */
    public Job complete(LeaseToken token, Json result, Instant now) {
        return completing(token, result, now).job();
    }

    /**
     * As {@link #complete}, named: {@link Transition#COMPLETE}, {@link Transition#COMPLETE_REPEATED}, or
     * {@link Transition#CANCEL_RUNNING}.
     */
    public Step completing(LeaseToken token, Json result, Instant now) {
        Objects.requireNonNull(result, "result");
        if (state == JobState.COMPLETED && token != null && token.matches(leaseToken)) {
            return new Step(Transition.COMPLETE_REPEATED, this);
        }
        requireLease(token, JobEvent.COMPLETE);
        if (cancelRequestedAt != null) {
            return cancelAttempt(now);
        }
        Draft next = draft(now);
        next.state = JobState.COMPLETED;
        next.result = result;
        next.finishLease();
        next.finishedAt = now;
        return next.build(Transition.COMPLETE);
    }

    /**
     * running → pending (retry after backoff), dead (no attempt left) or failed (permanent); only for the lease holder.
     * After a cancel request the job ends cancelled instead.
     */
    public Job fail(LeaseToken token, Failure failure, Backoff backoff, Instant now) {
        return failing(token, failure, backoff, now).job();
    }

    /**
     * As {@link #fail}, named: {@link Transition#FAIL_RETRY}, {@link Transition#FAIL_DEAD},
     * {@link Transition#FAIL_PERMANENT}, or {@link Transition#CANCEL_RUNNING}.
     */
    public Step failing(LeaseToken token, Failure failure, Backoff backoff, Instant now) {
        JobEvent event = failure.kind() == Failure.Kind.PERMANENT ? JobEvent.FAIL_PERMANENT : JobEvent.FAIL_RETRYABLE;
        requireLease(token, event);
        if (cancelRequestedAt != null) {
            return cancelAttempt(now);
        }
        return recordFailure(failure, backoff, now, Transition.FAIL_RETRY, Transition.FAIL_DEAD);
    }

    /**
     * running with {@code lease_expires_at ≤ now} → as a retryable failure with the message {@code lease expired}; after
     * a cancel request, cancelled (never retried).
     */
    public Job expireLease(Backoff backoff, Instant now) {
        return expiringLease(backoff, now).job();
    }

    /**
     * As {@link #expireLease}, named: {@link Transition#EXPIRE_RETRY}, {@link Transition#EXPIRE_DEAD}, or
     * {@link Transition#CANCEL_RUNNING}.
     */
    public Step expiringLease(Backoff backoff, Instant now) {
        if (state != JobState.RUNNING) {
            throw new InvalidTransitionException(id, state, JobEvent.EXPIRE_LEASE);
        }
        if (leaseExpiresAt.isAfter(now)) {
            throw new InvalidTransitionException(
                    id, state, JobEvent.EXPIRE_LEASE, "its lease runs until " + leaseExpiresAt);
        }
        if (cancelRequestedAt != null) {
            return cancelAttempt(now);
        }
        return recordFailure(Failure.leaseExpired(), backoff, now, Transition.EXPIRE_RETRY, Transition.EXPIRE_DEAD);
    }

    /**
     * pending or waiting → cancelled at once; running → running with the cancel request recorded (see
     * {@link #requestingCancel}).
     */
    public Job cancel(Instant now) {
        return cancelling(now).job();
    }

    /**
     * As {@link #cancel}, named: {@link Transition#CANCEL} for a pending or waiting job; {@link Transition#REQUEST_CANCEL} or
     * {@link Transition#REQUEST_CANCEL_REPEATED} for a running one. Decided here, under the store's lock, so a job that
     * a claim moved to running a moment ago gets a request instead of a refusal.
     */
    public Step cancelling(Instant now) {
        return switch (state) {
            case PENDING, WAITING -> {
                Draft next = draft(now);
                next.state = JobState.CANCELLED;
                next.finishedAt = now;
                yield next.build(Transition.CANCEL);
            }
            case RUNNING -> requestingCancel(now);
            case COMPLETED, FAILED, DEAD, CANCELLED -> throw new InvalidTransitionException(id, state, JobEvent.CANCEL);
        };
    }

    /**
     * running → running with {@code cancelRequestedAt = now}: the holder is asked to stop, and whatever ends the attempt
     * next — its report, a snooze, a release or the lease running out — ends the job cancelled. A second request keeps
     * the first one's time and changes nothing.
     */
    public Step requestingCancel(Instant now) {
        if (state != JobState.RUNNING) {
            throw new InvalidTransitionException(id, state, JobEvent.REQUEST_CANCEL);
        }
        if (cancelRequestedAt != null) {
            return new Step(Transition.REQUEST_CANCEL_REPEATED, this);
        }
        Draft next = draft(now);
        next.cancelRequestedAt = now;
        return next.build(Transition.REQUEST_CANCEL);
    }

    /**
     * running → pending at {@code now + delay}, the attempt given back as {@link #release} gives it back, and
     * {@code snoozes} one higher; only for the lease holder. For a handler's "not yet" (a rate-limited downstream): the
     * job runs again later without moving closer to {@code dead}. At most {@link JobLimits#MAX_SNOOZES} per retry
     * cycle, so a job cannot put itself off for ever. After a cancel request the job ends cancelled instead.
     *
     * @throws SnoozeLimitReachedException when the job has snoozed {@link JobLimits#MAX_SNOOZES} times
     * @throws IllegalArgumentException when {@code delay} is outside {@link JobLimits#MIN_SNOOZE_SECONDS}..
     *     {@link JobLimits#MAX_SNOOZE_SECONDS} seconds (callers validate it first)
     */
    public Job snooze(LeaseToken token, Duration delay, Instant now) {
        return snoozing(token, delay, now).job();
    }

    /** As {@link #snooze}, named: {@link Transition#SNOOZE}, or {@link Transition#CANCEL_RUNNING}. */
    public Step snoozing(LeaseToken token, Duration delay, Instant now) {
        Objects.requireNonNull(delay, "delay");
        if (delay.compareTo(Duration.ofSeconds(JobLimits.MIN_SNOOZE_SECONDS)) < 0
                || delay.compareTo(Duration.ofSeconds(JobLimits.MAX_SNOOZE_SECONDS)) > 0) {
            throw new IllegalArgumentException("a snooze lasts " + JobLimits.MIN_SNOOZE_SECONDS + " to "
                    + JobLimits.MAX_SNOOZE_SECONDS + " seconds, got " + delay);
        }
        requireLease(token, JobEvent.SNOOZE);
        if (cancelRequestedAt != null) {
            return cancelAttempt(now);
        }
        if (snoozes >= JobLimits.MAX_SNOOZES) {
            throw new SnoozeLimitReachedException(id, snoozes);
        }
        Draft next = draft(now);
        next.state = JobState.PENDING;
        next.attempts = attempts - 1;
        next.snoozes = snoozes + 1;
        next.runAt = now.plus(delay);
        next.finishLease();
        return next.build(Transition.SNOOZE);
    }

    /**
     * failed, dead or cancelled → pending at once, with attempts and snoozes reset to 0, no cancel request, and the error
     * history kept; → waiting instead while a parent it depends on is unmet (a job cancelled because a parent failed
     * waits again for that parent).
     */
    public Job retry(Instant now) {
        return retrying(now).job();
    }

    /** As {@link #retry}, named: {@link Transition#RETRY}. */
    public Step retrying(Instant now) {
        if (state != JobState.FAILED && state != JobState.DEAD && state != JobState.CANCELLED) {
            throw new InvalidTransitionException(id, state, JobEvent.RETRY);
        }
        Draft next = draft(now);
        next.state = dependencies == null || dependencies.met() ? JobState.PENDING : JobState.WAITING;
        next.attempts = 0;
        next.snoozes = 0;
        next.runAt = now;
        next.finishedAt = null;
        next.cancelRequestedAt = null;
        return next.build(Transition.RETRY);
    }

    /**
     * One of the jobs this one depends on reached the final state {@code parentEnd}; for a waiting job, or a cancelled
     * one with unmet parents (whose later retry must know which are met). A completed parent is met; one that ended
     * otherwise is met under {@link DependencyPolicy#RUN}, cancels a waiting job under {@link DependencyPolicy#CANCEL}
     * and changes nothing under {@link DependencyPolicy#WAIT}. The store calls this once per parent and end, and
     * records a parent as met exactly when the transition is {@link Transition#DEPENDENCY_MET} or
     * {@link Transition#DEPENDENCIES_MET}, so no parent is counted twice.
     *
     * <p>A job released to pending keeps a {@code run_at} still ahead, and otherwise takes {@code now}, so it queues
     * behind the jobs that were due before it became claimable.
     */
    public Step parentEnded(JobState parentEnd, Instant now) {
        if (!parentEnd.isTerminal()) {
            throw new IllegalArgumentException("a parent ends in a final state, not " + parentEnd);
        }
        if (dependencies == null || dependencies.met() || (state != JobState.WAITING && state != JobState.CANCELLED)) {
            throw new InvalidTransitionException(id, state, JobEvent.PARENT_ENDED);
        }
        boolean met = parentEnd == JobState.COMPLETED || dependencies.onFailure() == DependencyPolicy.RUN;
        if (met) {
            Draft next = draft(now);
            next.dependencies = dependencies.oneMet();
            if (state == JobState.WAITING && next.dependencies.met()) {
                next.state = JobState.PENDING;
                next.runAt = runAt.isAfter(now) ? runAt : now;
                return next.build(Transition.DEPENDENCIES_MET);
            }
            return next.build(Transition.DEPENDENCY_MET);
        }
        if (state == JobState.WAITING && dependencies.onFailure() == DependencyPolicy.CANCEL) {
            Draft next = draft(now);
            next.state = JobState.CANCELLED;
            next.finishedAt = now;
            return next.build(Transition.DEPENDENCY_FAILED);
        }
        return new Step(Transition.DEPENDENCY_FAILED_UNCHANGED, this);
    }

    /**
     * A running job whose cancel was requested, as its attempt ends (whichever way): cancelled, with no result and
     * nothing added to the history, because nothing failed; the request's time stays on the job.
     */
    private Step cancelAttempt(Instant now) {
        Draft next = draft(now);
        next.state = JobState.CANCELLED;
        next.finishLease();
        next.finishedAt = now;
        return next.build(Transition.CANCEL_RUNNING);
    }

    /** Records a failed attempt; {@code retried} and {@code died} name the outcomes a retryable failure can have. */
    private Step recordFailure(Failure failure, Backoff backoff, Instant now, Transition retried, Transition died) {
        Draft next = draft(now);
        List<AttemptError> history = new ArrayList<>(errors);
        history.add(new AttemptError(attempts, now, failure.message()));
        next.errors = history;
        next.lastError = failure.message();
        next.finishLease();
        if (failure.kind() == Failure.Kind.PERMANENT) {
            next.state = JobState.FAILED;
            next.finishedAt = now;
            return next.build(Transition.FAIL_PERMANENT);
        }
        if (attempts >= maxAttempts) {
            next.state = JobState.DEAD;
            next.finishedAt = now;
            return next.build(died);
        }
        next.state = JobState.PENDING;
        next.runAt = now.plus(backoff.delayAfter(attempts));
        return next.build(retried);
    }

    private void requireLease(LeaseToken token, JobEvent event) {
        if (state != JobState.RUNNING || token == null || !token.matches(leaseToken)) {
            throw new LeaseLostException(id, event);
        }
    }

    private Draft draft(Instant now) {
        Draft draft = new Draft(this);
        draft.updatedAt = now;
        return draft;
    }

    private static void requireInRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void require(boolean condition, String invariant) {
        if (!condition) {
            throw new IllegalArgumentException("job invariant broken: " + invariant);
        }
    }

    /** The mutable scratch copy a transition edits; {@link #build()} re-checks every invariant. */
    private static final class Draft {
        private final Job from;
        private JobState state;
        private int attempts;
        private Instant runAt;
        private Json result;
        private String lastError;
        private List<AttemptError> errors;
        private LeaseToken leaseToken;
        private String leaseOwner;
        private Instant leaseExpiresAt;
        private Instant updatedAt;
        private Instant startedAt;
        private Instant finishedAt;
        private int snoozes;
        private Instant cancelRequestedAt;
        private Dependencies dependencies;

        private Draft(Job from) {
            this.from = from;
            state = from.state;
            attempts = from.attempts;
            runAt = from.runAt;
            result = from.result;
            lastError = from.lastError;
            errors = from.errors;
            leaseToken = from.leaseToken;
            leaseOwner = from.leaseOwner;
            leaseExpiresAt = from.leaseExpiresAt;
            updatedAt = from.updatedAt;
            startedAt = from.startedAt;
            finishedAt = from.finishedAt;
            snoozes = from.snoozes;
            cancelRequestedAt = from.cancelRequestedAt;
            dependencies = from.dependencies;
        }

        /** The attempt's time limit ends the lease at the latest: {@code started_at + timeout_seconds}. */
        private Instant capAtDeadline(Instant leaseEnd) {
            Instant deadline = startedAt.plusSeconds(from.timeoutSeconds);
            return leaseEnd.isAfter(deadline) ? deadline : leaseEnd;
        }

        /** The attempt is over: nobody holds the job any more (the token stays, see {@link Job}). */
        private void finishLease() {
            leaseOwner = null;
            leaseExpiresAt = null;
        }

        private Step build(Transition transition) {
            return new Step(
                    transition,
                    new Job(
                            from.id,
                            from.type,
                            from.queue,
                            from.payload,
                            from.priority,
                            state,
                            attempts,
                            from.maxAttempts,
                            runAt,
                            from.timeoutSeconds,
                            from.idempotencyKey,
                            result,
                            lastError,
                            errors,
                            leaseToken,
                            leaseOwner,
                            leaseExpiresAt,
                            from.createdAt,
                            updatedAt,
                            startedAt,
                            finishedAt,
                            from.createdBy,
                            snoozes,
                            cancelRequestedAt,
                            from.concurrencyKey,
                            // A unique job keeps its key while its state is one of its unique states, and lets it
                            // go for good at the first move out of them.
                            from.unique == null ? null : from.unique.after(state),
                            dependencies,
                            from.callbackUrl,
                            from.traceParent));
        }
    }
}
