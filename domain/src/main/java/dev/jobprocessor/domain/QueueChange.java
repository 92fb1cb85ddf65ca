package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** A partial update of a queue's settings: each field kept, cleared or set ({@code PATCH /queues/{name}}). */
public record QueueChange(
        Setting<Boolean> paused,
        Setting<Integer> concurrencyLimit,
        Setting<RateLimit> rateLimit,
        Setting<Integer> keyLimit,
        Map<JobState, Setting<Duration>> retention,
        Setting<CallbackUrl> callbackUrl,
        Setting<WebhookSecret> webhookSecret) {

    public static final QueueChange PAUSE = new QueueChange(new Setting.To<>(true), Setting.keep());
    public static final QueueChange RESUME = new QueueChange(new Setting.To<>(false), Setting.keep());

    /** A change that leaves the retention, the rate limit and the key limit as they are. */
    public QueueChange(Setting<Boolean> paused, Setting<Integer> concurrencyLimit) {
        this(paused, concurrencyLimit, Map.of());
    }

    /** A change that leaves the rate limit and the key limit as they are. */
    public QueueChange(
            Setting<Boolean> paused, Setting<Integer> concurrencyLimit, Map<JobState, Setting<Duration>> retention) {
        this(paused, concurrencyLimit, Setting.keep(), Setting.keep(), retention);
    }

    /** A change that leaves the webhook settings as they are. */
    public QueueChange(
            Setting<Boolean> paused,
            Setting<Integer> concurrencyLimit,
            Setting<RateLimit> rateLimit,
            Setting<Integer> keyLimit,
            Map<JobState, Setting<Duration>> retention) {
        this(paused, concurrencyLimit, rateLimit, keyLimit, retention, Setting.keep(), Setting.keep());
    }

    public QueueChange {
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(paused, "paused");
        Objects.requireNonNull(concurrencyLimit, "concurrencyLimit");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(keyLimit, "keyLimit");
        retention = Map.copyOf(retention);
        retention.forEach((state, setting) -> QueueRetention.check(state, setting.applyTo(null)));
        if (paused instanceof Setting.Clear<Boolean>) {
            throw new IllegalArgumentException("paused is true or false, never cleared");
        }
        if (concurrencyLimit instanceof Setting.To<Integer>(Integer limit)
                && (limit < 1 || limit > QueueLimits.MAX_CONCURRENCY_LIMIT)) {
            throw new IllegalArgumentException("concurrency limit out of range: " + limit);
        }
        if (keyLimit instanceof Setting.To<Integer>(Integer limit)
                && (limit < 1 || limit > QueueLimits.MAX_KEY_LIMIT)) {
            throw new IllegalArgumentException("key limit out of range: " + limit);
        }
    }
}
