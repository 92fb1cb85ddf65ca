package dev.jobprocessor.domain;

/** The bounds of a queue's settings (docs/QUEUE_CONTROL.md), in one place for validation, constraints and docs. */
public final class QueueLimits {

    /** Running jobs across all processes; more than any worker fleet here runs, and a typo of 10x is still caught. */
    public static final int MAX_CONCURRENCY_LIMIT = 10_000;

    /** Starts per period of a rate limit: a window holds one entry per claim, so this bounds its size too. */
    public static final int MAX_RATE_LIMIT_JOBS = 10_000;

    /** The period of a rate limit: one day. Longer periods are schedules, not rates. */
    public static final int MAX_RATE_LIMIT_PERIOD_SECONDS = 86_400;

    /** Running jobs per concurrency key. */
    public static final int MAX_KEY_LIMIT = 10_000;

    /**
     * How many concurrency keys one claim of a key-limited queue looks at, at most: the claim goes on from the last key
     * served, so a queue with more keys than this (or many keys at their limit) is still served round by round.
     */
    public static final int KEY_LANES_PER_CLAIM = 64;

    /** Who paused a queue, as the token's name or "anonymous": as long as a token name may be. */
    public static final int MAX_ACTOR_LENGTH = 64;

    private QueueLimits() {}
}
