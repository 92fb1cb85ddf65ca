package dev.jobprocessor.domain;

import java.util.Objects;

/**
 * One field of a partial update: left as it is, cleared (JSON {@code null}), or set to a value. Three cases because
 * "absent" and "null" mean different things in {@code PATCH /queues/{name}}.
 */
public sealed interface Setting<T> {

    record Keep<T>() implements Setting<T> {}

    record Clear<T>() implements Setting<T> {}

    record To<T>(T value) implements Setting<T> {
        public To {
            Objects.requireNonNull(value, "value");
        }
    }

    static <T> Setting<T> keep() {
        return new Keep<>();
    }

    /** The new value given the current one ({@code null} meaning none). */
    default T applyTo(T current) {
        return switch (this) {
            case Keep<T> keep -> current;
            case Clear<T> clear -> null;
            case To<T> to -> to.value();
        };
    }
}
