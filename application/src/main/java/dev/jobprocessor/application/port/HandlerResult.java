package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.Objects;

/** How an attempt ended, as the handler reports it. A thrown exception is read as {@link Retry}. */
public sealed interface HandlerResult {

    /** The job is done; {@code result} is stored with it. */
    record Success(Json result) implements HandlerResult {
        public Success {
            Objects.requireNonNull(result, "result");
        }
    }

    /** This attempt failed but a later one may succeed. */
    record Retry(String message) implements HandlerResult {
        public Retry {
            Objects.requireNonNull(message, "message");
        }
    }

    /** No attempt will ever succeed: the job goes to failed without using its remaining attempts. */
    record Permanent(String message) implements HandlerResult {
        public Permanent {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Not yet: run the job again after {@code delay} (1 second to 1 day), without counting this attempt — for a
     * rate-limited downstream, say. A job may snooze {@link JobLimits#MAX_SNOOZES} times per retry cycle; past that the
     * worker records a retryable failure instead (docs/QUEUE_CONTROL.md).
     */
    record Snooze(Duration delay) implements HandlerResult {
        public Snooze {
            Objects.requireNonNull(delay, "delay");
            if (delay.compareTo(Duration.ofSeconds(JobLimits.MIN_SNOOZE_SECONDS)) < 0
                    || delay.compareTo(Duration.ofSeconds(JobLimits.MAX_SNOOZE_SECONDS)) > 0) {
                throw new IllegalArgumentException("a snooze lasts " + JobLimits.MIN_SNOOZE_SECONDS + " to "
                        + JobLimits.MAX_SNOOZE_SECONDS + " seconds, got " + delay);
            }
        }
    }

    static HandlerResult success(Json result) {
        return new Success(result);
    }

    static HandlerResult retry(String message) {
        return new Retry(message);
    }

    static HandlerResult permanent(String message) {
        return new Permanent(message);
    }

    static HandlerResult snooze(Duration delay) {
        return new Snooze(delay);
    }

    /** The failure to record for a failed result; {@code null} never, as a success is not a failure. */
    static Failure failureOf(HandlerResult result) {
        return switch (result) {
            case Success success -> throw new IllegalArgumentException("a success is not a failure");
            case Retry retry -> Failure.retryable(retry.message());
            case Permanent permanent -> Failure.permanent(permanent.message());
            case Snooze snooze -> throw new IllegalArgumentException("a snooze is not a failure");
        };
    }
}
