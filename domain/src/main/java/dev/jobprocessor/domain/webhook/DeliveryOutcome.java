package dev.jobprocessor.domain.webhook;

import java.util.Objects;

/** What one attempt to deliver found, named for the delivery history. */
public sealed interface DeliveryOutcome {

    /** The receiver answered with {@code status}; {@code excerpt} is the start of its body, at most a few hundred characters. */
    record Answered(int status, String excerpt) implements DeliveryOutcome {
        public Answered {
            Objects.requireNonNull(excerpt, "excerpt");
        }
    }

    /** No answer within the time-out. */
    record TimedOut() implements DeliveryOutcome {}

    /** The connection could not be made or was lost before an answer ({@code reason} as the client saw it). */
    record ConnectionFailed(String reason) implements DeliveryOutcome {}

    /** Nothing was sent: the destination is not allowed (after resolving its host) or no secret can sign it. */
    record Refused(String reason) implements DeliveryOutcome {}

    /** A 2xx answer: the receiver has the event. */
    default boolean delivered() {
        return this instanceof Answered answered && answered.status() >= 200 && answered.status() < 300;
    }

    /**
     * Whether another attempt may succeed where this one did not: 5xx, 408 and 429 answers, time-outs and connection
     * failures. Other answers (a 4xx, a redirect, which is never followed) and refusals would be the same next time.
     */
    default boolean retryable() {
        return switch (this) {
            case Answered answered -> answered.status() >= 500 || answered.status() == 408 || answered.status() == 429;
            case TimedOut timedOut -> true;
            case ConnectionFailed failed -> true;
            case Refused refused -> false;
        };
    }

    /** One short phrase for logs and the history: {@code "answered 500"}, {@code "timed out"}, … */
    default String describe() {
        return switch (this) {
            case Answered answered -> "answered " + answered.status();
            case TimedOut timedOut -> "timed out";
            case ConnectionFailed failed -> "connection failed: " + failed.reason();
            case Refused refused -> "refused: " + refused.reason();
        };
    }
}
