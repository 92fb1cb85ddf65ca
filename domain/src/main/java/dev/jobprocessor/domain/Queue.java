package dev.jobprocessor.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A queue's settings (docs/QUEUE_CONTROL.md): whether it is paused, how many of its jobs may run at once across all
 * processes ({@code concurrencyLimit}), how many may start per period ({@code rateLimit}), how many of one concurrency
 * key may run at once ({@code keyLimit}) — each {@code null} for no limit — and how long its finished jobs are kept
 * where that differs from the service's setting ({@code retention}), and the callback URL and signing secret its jobs
 * get by default ({@code webhook}, docs/WEBHOOKS.md). Every queue that ever had a job has one; a queue
 * nobody configured has the {@link #unconfigured} settings, which change nothing about how its jobs run.
 */
public record Queue(
        String name,
        QueuePause pause,
        Integer concurrencyLimit,
        RateLimit rateLimit,
        Integer keyLimit,
        QueueRetention retention,
        QueueWebhook webhook,
        Instant createdAt,
        Instant updatedAt) {

    public Queue {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!JobLimits.QUEUE_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a queue name: " + name);
        }
        if (concurrencyLimit != null
                && (concurrencyLimit < 1 || concurrencyLimit > QueueLimits.MAX_CONCURRENCY_LIMIT)) {
            throw new IllegalArgumentException("concurrency limit out of range: " + concurrencyLimit);
        }
        if (keyLimit != null && (keyLimit < 1 || keyLimit > QueueLimits.MAX_KEY_LIMIT)) {
            throw new IllegalArgumentException("key limit out of range: " + keyLimit);
        }
    }

    /** A queue without webhook settings of its own. */
    public Queue(
            String name,
            QueuePause pause,
            Integer concurrencyLimit,
            RateLimit rateLimit,
            Integer keyLimit,
            QueueRetention retention,
            Instant createdAt,
            Instant updatedAt) {
        this(name, pause, concurrencyLimit, rateLimit, keyLimit, retention, QueueWebhook.NONE, createdAt, updatedAt);
    }

    /** A queue with neither a rate limit nor a key limit. */
    public Queue(
            String name,
            QueuePause pause,
            Integer concurrencyLimit,
            QueueRetention retention,
            Instant createdAt,
            Instant updatedAt) {
        this(name, pause, concurrencyLimit, null, null, retention, createdAt, updatedAt);
    }

    /** A queue with no retention of its own, and neither a rate limit nor a key limit. */
    public Queue(String name, QueuePause pause, Integer concurrencyLimit, Instant createdAt, Instant updatedAt) {
        this(name, pause, concurrencyLimit, QueueRetention.NONE, createdAt, updatedAt);
    }

    public static Queue unconfigured(String name, Instant now) {
        return new Queue(name, null, null, QueueRetention.NONE, now, now);
    }

    public boolean paused() {
        return pause != null;
    }

    /** Whether claims must take this queue's lock: it is paused, or one of its limits is set. */
    public boolean restricted() {
        return pause != null || concurrencyLimit != null || rateLimit != null || keyLimit != null;
    }

    /**
     * The queue after {@code change}, made at {@code now} by {@code actor}. Pausing a paused queue keeps the first
     * pause's time and author: the question an operator asks is how long it has been stopped.
     */
    public Queue apply(QueueChange change, Instant now, String actor) {
        QueuePause nextPause = switch (change.paused()) {
            case Setting.Keep<Boolean> keep -> pause;
            case Setting.Clear<Boolean> clear -> null;
            case Setting.To<Boolean> to -> to.value() ? (pause != null ? pause : new QueuePause(now, actor)) : null;
        };
        return new Queue(
                name,
                nextPause,
                change.concurrencyLimit().applyTo(concurrencyLimit),
                change.rateLimit().applyTo(rateLimit),
                change.keyLimit().applyTo(keyLimit),
                retention.apply(change.retention()),
                new QueueWebhook(
                        change.callbackUrl().applyTo(webhook.callbackUrl()),
                        change.webhookSecret().applyTo(webhook.secret())),
                createdAt,
                now);
    }
}
