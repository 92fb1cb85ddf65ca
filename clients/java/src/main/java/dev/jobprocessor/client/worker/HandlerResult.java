package dev.jobprocessor.client.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How an attempt ended, as the handler reports it; the same four outcomes as an embedded worker's handler (docs/SPEC.md
 * §7.3). A thrown exception is read as {@link Retry}.
 */
public sealed interface HandlerResult {

    /** The longest and shortest snooze the service accepts. */
    Duration MIN_SNOOZE = Duration.ofSeconds(1);

    Duration MAX_SNOOZE = Duration.ofDays(1);

    /** The job is done; {@code result} is stored with it. */
    record Success(JsonNode result) implements HandlerResult {
        public Success {
            result = result == null || result.isNull() ? JsonNodeFactory.instance.objectNode() : result;
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
     * Not yet: run the job again after {@code delay} (whole seconds, 1 second to 1 day) without counting this attempt.
     * A job may snooze 100 times per retry cycle; past that the worker records a retryable failure instead.
     */
    record Snooze(Duration delay) implements HandlerResult {
        public Snooze {
            Objects.requireNonNull(delay, "delay");
            if (delay.compareTo(MIN_SNOOZE) < 0 || delay.compareTo(MAX_SNOOZE) > 0) {
                throw new IllegalArgumentException("a snooze lasts 1 second to 1 day, got " + delay);
            }
        }
    }

    static HandlerResult success(JsonNode result) {
        return new Success(result);
    }

    static HandlerResult success() {
        return new Success(null);
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
}
