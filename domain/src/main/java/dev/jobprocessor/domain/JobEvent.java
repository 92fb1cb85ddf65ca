package dev.jobprocessor.domain;

/** Everything that can happen to a job; the rows of the transition table in {@code docs/STATE_MODEL.md}. */
public enum JobEvent {
    CLAIM,
    HEARTBEAT,
    COMPLETE,
    FAIL_RETRYABLE,
    FAIL_PERMANENT,
    EXPIRE_LEASE,
    CANCEL,
    RETRY,
    /** A worker hands back a job it will not finish (it is shutting down); the attempt does not count. */
    RELEASE,
    /** The lease holder puts the job off: pending again later, the attempt not counted (docs/QUEUE_CONTROL.md). */
    SNOOZE,
    /** An operator asks a running job to stop; it ends cancelled when its attempt ends (docs/QUEUE_CONTROL.md). */
    REQUEST_CANCEL,
    /** A job this one depends on reached a final state (docs/WORKFLOWS.md). */
    PARENT_ENDED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
