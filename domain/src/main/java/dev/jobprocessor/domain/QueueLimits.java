package dev.jobprocessor.domain;

/** The bounds of a queue's settings (docs/QUEUE_CONTROL.md), in one place for validation, constraints and docs. */
public final class QueueLimits {

    /** Running jobs across all processes; more than any worker fleet here runs, and a typo of 10x is still caught. */
    public static final int MAX_CONCURRENCY_LIMIT = 10_000;

    /** Who paused a queue, as the token's name or "anonymous": as long as a token name may be. */
    public static final int MAX_ACTOR_LENGTH = 64;

    private QueueLimits() {}
}
