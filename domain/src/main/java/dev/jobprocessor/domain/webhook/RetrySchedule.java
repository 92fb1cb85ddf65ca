package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * How long a delivery waits before each attempt after the first ({@code JOBS_WEBHOOK_BACKOFF}); its length decides
 * how many attempts a delivery gets: one more than the delays. The default, 10s, 30s, 2m, 10m, 30m, 1h and 3h, makes
 * eight attempts over a little less than five hours, long enough to ride out a receiver's deploy or short outage.
 */
public record RetrySchedule(List<Duration> delays) {

    public static final RetrySchedule DEFAULT = parse("10s,30s,2m,10m,30m,1h,3h");

    /** More than anyone needs; bounds the history a delivery keeps. */
    public static final int MAX_ATTEMPTS = 30;

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.size() + 1 > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("must name at most " + (MAX_ATTEMPTS - 1) + " delays");
        }
        if (delays.stream().anyMatch(delay -> delay.isZero() || delay.isNegative())) {
            throw new IllegalArgumentException("must name delays longer than 0");
        }
    }

    /** A comma-separated list of delays ({@code 10s,30s,2m}); empty for a single attempt. */
    public static RetrySchedule parse(String text) {
        if (text.isBlank()) {
            return new RetrySchedule(List.of());
        }
        return new RetrySchedule(Arrays.stream(text.split(","))
                .map(String::trim)
                .map(DurationText::parse)
                .toList());
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** What follows attempt {@code attempt} (numbered from 1) that found {@code outcome} at {@code now}. */
    public DeliveryStep after(int attempt, DeliveryOutcome outcome, Instant now) {
        if (outcome.delivered()) {
            return new DeliveryStep.Delivered();
        }
        if (!outcome.retryable()) {
            return new DeliveryStep.GiveUp(outcome.describe() + ", which another attempt would not change");
        }
        if (attempt >= maxAttempts()) {
            return new DeliveryStep.GiveUp(outcome.describe() + " on the last of " + maxAttempts() + " attempts");
        }
        return new DeliveryStep.RetryAt(now.plus(delays.get(attempt - 1)));
    }

    @Override
    public String toString() {
        return String.join(",", delays.stream().map(DurationText::format).toList());
    }
}
