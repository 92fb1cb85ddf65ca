package dev.jobprocessor.domain.webhook;

import java.util.Locale;

/** Where a delivery is: still to be attempted, answered with a 2xx, or given up on. */
public enum DeliveryState {
    /** Recorded when the job ended; waits for its next attempt. */
    PENDING,
    /** A 2xx answer was received: final. */
    DELIVERED,
    /** Given up on (attempts used up, or an answer that retrying cannot change): final, the job is unaffected. */
    DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
