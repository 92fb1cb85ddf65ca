package dev.jobprocessor.domain;

/**
 * What an accepted event did to a job: one constant per row of the transition table in {@code docs/STATE_MODEL.md}.
 * The domain names the transition where it decides it (a retryable failure on the last attempt is {@link #FAIL_DEAD},
 * not a guess made later from the states before and after), so that everything derived from a stored change —
 * lifecycle events, metrics, logs — reads the name instead of inferring it.
 */
public enum Transition {
    /** Row 1: pending → running, a new attempt under a new lease. */
    CLAIM(JobEvent.CLAIM),
    /** Row 2: running → running, the lease extended. */
    HEARTBEAT(JobEvent.HEARTBEAT),
    /** Row 3: running → completed. */
    COMPLETE(JobEvent.COMPLETE),
    /** Row 4: a completion repeated with the same token; nothing changes. */
    COMPLETE_REPEATED(JobEvent.COMPLETE),
    /** Row 5: a retryable failure with an attempt left: pending again after backoff. */
    FAIL_RETRY(JobEvent.FAIL_RETRYABLE),
    /** Row 6: a retryable failure on the last attempt: dead. */
    FAIL_DEAD(JobEvent.FAIL_RETRYABLE),
    /** Row 7: a permanent failure: failed. */
    FAIL_PERMANENT(JobEvent.FAIL_PERMANENT),
    /** Row 8: the lease expired with an attempt left: pending again after backoff. */
    EXPIRE_RETRY(JobEvent.EXPIRE_LEASE),
    /** Row 9: the lease expired on the last attempt: dead. */
    EXPIRE_DEAD(JobEvent.EXPIRE_LEASE),
    /** Row 10: pending or waiting → cancelled. */
    CANCEL(JobEvent.CANCEL),
    /** Row 11: failed, dead or cancelled → pending (waiting if a parent is unmet), by an operator. */
    RETRY(JobEvent.RETRY),
    /** Row 12: running → pending, handed back by a stopping worker; the attempt does not count. */
    RELEASE(JobEvent.RELEASE),
    /** Row 13: running → pending later, put off by its holder; the attempt does not count, {@code snoozes + 1}. */
    SNOOZE(JobEvent.SNOOZE),
    /** Row 14: running → running with the cancel request recorded. */
    REQUEST_CANCEL(JobEvent.REQUEST_CANCEL),
    /** Row 15: a cancel request repeated on a running job; nothing changes. */
    REQUEST_CANCEL_REPEATED(JobEvent.REQUEST_CANCEL),
    /**
     * Row 16: running with a cancel request → cancelled, as the attempt ends: the holder's completion, failure, snooze or
     * release, or the lease running out. The cancel request asked for it; the ending only says when it happens.
     */
    CANCEL_RUNNING(JobEvent.REQUEST_CANCEL),
    /**
     * Row 17: a parent met (it completed, or ended otherwise under {@link DependencyPolicy#RUN}) while other parents
     * are not: waiting stays waiting, cancelled stays cancelled, one fewer parent unmet.
     */
    DEPENDENCY_MET(JobEvent.PARENT_ENDED),
    /** Row 18: the last unmet parent met: waiting → pending. */
    DEPENDENCIES_MET(JobEvent.PARENT_ENDED),
    /** Row 19: a parent ended failed, dead or cancelled under {@link DependencyPolicy#CANCEL}: waiting → cancelled. */
    DEPENDENCY_FAILED(JobEvent.PARENT_ENDED),
    /**
     * Row 20: a parent ended failed, dead or cancelled and nothing changes: the job waits for it under
     * {@link DependencyPolicy#WAIT}, or is cancelled already.
     */
    DEPENDENCY_FAILED_UNCHANGED(JobEvent.PARENT_ENDED);

    private final JobEvent event;

    Transition(JobEvent event) {
        this.event = event;
    }

    /** The event that asked for this transition. */
    public JobEvent event() {
        return event;
    }

    /**
     * Whether this transition ends the job: it moves it into a final state from one that is not. The jobs waiting on
     * it learn of its end in the same transaction (docs/WORKFLOWS.md).
     */
    public boolean endsJob() {
        return switch (this) {
            case COMPLETE, FAIL_DEAD, FAIL_PERMANENT, EXPIRE_DEAD, CANCEL, CANCEL_RUNNING, DEPENDENCY_FAILED -> true;
            case CLAIM,
                    HEARTBEAT,
                    COMPLETE_REPEATED,
                    FAIL_RETRY,
                    EXPIRE_RETRY,
                    RETRY,
                    RELEASE,
                    SNOOZE,
                    REQUEST_CANCEL,
                    REQUEST_CANCEL_REPEATED,
                    DEPENDENCY_MET,
                    DEPENDENCIES_MET,
                    DEPENDENCY_FAILED_UNCHANGED -> false;
        };
    }

    /** Whether this transition records one parent of the job as met, for good (docs/WORKFLOWS.md). */
    public boolean meetsParent() {
        return this == DEPENDENCY_MET || this == DEPENDENCIES_MET;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
