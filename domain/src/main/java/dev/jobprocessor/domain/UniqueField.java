package dev.jobprocessor.domain;

import java.util.Locale;

/** A field of a job that can make two jobs "the same" for uniqueness ({@code unique.by}); the type always does. */
public enum UniqueField {
    TYPE,
    QUEUE,
    PAYLOAD,
    CONCURRENCY_KEY;

    /** The name in the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
