package dev.jobprocessor.domain;

import java.util.Objects;

/** A partial update of a queue's settings: each field kept, cleared or set ({@code PATCH /queues/{name}}). */
public record QueueChange(Setting<Boolean> paused, Setting<Integer> concurrencyLimit) {

    public static final QueueChange PAUSE = new QueueChange(new Setting.To<>(true), Setting.keep());
    public static final QueueChange RESUME = new QueueChange(new Setting.To<>(false), Setting.keep());

    public QueueChange {
        Objects.requireNonNull(paused, "paused");
        Objects.requireNonNull(concurrencyLimit, "concurrencyLimit");
        if (paused instanceof Setting.Clear<Boolean>) {
            throw new IllegalArgumentException("paused is true or false, never cleared");
        }
        if (concurrencyLimit instanceof Setting.To<Integer>(Integer limit)
                && (limit < 1 || limit > QueueLimits.MAX_CONCURRENCY_LIMIT)) {
            throw new IllegalArgumentException("concurrency limit out of range: " + limit);
        }
    }
}
