package dev.jobprocessor.application.port;

/** The moments in a job's life that operators count and log; heartbeats are not among them. */
public enum LifecycleEvent {
    /** Stored for the first time. */
    CREATED,
    /** Claimed by a worker: an attempt began. */
    STARTED,
    COMPLETED,
    /** An attempt failed (or its lease expired) with attempts left: pending again after backoff. */
    RETRIED,
    /** Failed for good on a permanent failure. */
    FAILED,
    /** Failed on its last attempt. */
    DEAD,
    CANCELLED,
    /** Put back to pending by an operator after it failed, died or was cancelled. */
    REQUEUED,
    /**
     * Handed back unstarted or unfinished by its worker — at a graceful shutdown, or from the prefetch buffer after
     * waiting too long for a slot: pending again, the attempt not counted.
     */
    RELEASED,
    /** Put off by its handler: pending again later, the attempt not counted (docs/QUEUE_CONTROL.md). */
    SNOOZED,
    /** An operator asked a running job to stop; it ends {@link #CANCELLED} when its attempt ends. */
    CANCEL_REQUESTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
