package dev.jobprocessor.domain;

import java.time.Duration;

/** How long a job waits before its next attempt, given the number of the attempt that just failed. */
@FunctionalInterface
public interface Backoff {

    Duration delayAfter(int failedAttempt);
}
