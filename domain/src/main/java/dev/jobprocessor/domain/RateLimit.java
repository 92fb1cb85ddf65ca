package dev.jobprocessor.domain;

/**
 * A queue's rate limit (docs/QUEUE_CONTROL.md, "Rate limits"): at most {@code jobs} of its jobs start in any
 * {@code perSeconds} seconds, across all processes.
 */
public record RateLimit(int jobs, int perSeconds) {

    public RateLimit {
        if (jobs < 1 || jobs > QueueLimits.MAX_RATE_LIMIT_JOBS) {
            throw new IllegalArgumentException("rate limit jobs out of range: " + jobs);
        }
        if (perSeconds < 1 || perSeconds > QueueLimits.MAX_RATE_LIMIT_PERIOD_SECONDS) {
            throw new IllegalArgumentException("rate limit period out of range: " + perSeconds);
        }
    }
}
