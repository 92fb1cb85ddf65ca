package dev.jobprocessor.domain.webhook;

import java.time.Instant;
import java.util.Objects;

/** What a delivery does after an attempt, as {@link RetrySchedule#after} decides. */
public sealed interface DeliveryStep {

    /** The receiver has it: the delivery is {@link DeliveryState#DELIVERED}. */
    record Delivered() implements DeliveryStep {}

    /** Another attempt at {@code at}. */
    record RetryAt(Instant at) implements DeliveryStep {
        public RetryAt {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Given up: the delivery is {@link DeliveryState#DEAD}; {@code reason} says why. */
    record GiveUp(String reason) implements DeliveryStep {}

    default DeliveryState state() {
        return switch (this) {
            case Delivered delivered -> DeliveryState.DELIVERED;
            case RetryAt retry -> DeliveryState.PENDING;
            case GiveUp giveUp -> DeliveryState.DEAD;
        };
    }
}
