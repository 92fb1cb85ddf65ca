package dev.jobprocessor.domain;

import java.util.Objects;

/**
 * A JSON document kept as text. The domain never looks inside a payload or result; the edges that accept JSON (the
 * HTTP adapter, a library caller) are responsible for handing over well-formed, canonical text.
 */
public record Json(String text) {

    /** The empty object, the default payload and the {@code noop} result. */
    public static final Json EMPTY_OBJECT = new Json("{}");

    public Json {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a JSON document cannot be blank");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
