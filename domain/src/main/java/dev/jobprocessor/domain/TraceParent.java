package dev.jobprocessor.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The trace a job was submitted in, as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}, lower-case
 * hex): stored with the job so that each of its attempts joins the submit's trace (docs/OBSERVABILITY.md, "Traces").
 * Plain text, so that the domain knows nothing of the tracing library that reads and writes it.
 */
public record TraceParent(String text) {

    private static final Pattern FORMAT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceParent {
        Objects.requireNonNull(text, "text");
        if (!FORMAT.matcher(text).matches()
                || text.substring(3, 35).equals(ZERO_TRACE)
                || text.substring(36, 52).equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("not a W3C traceparent of version 00: '" + text + "'");
        }
    }

    /** The trace's id, 32 hex digits. */
    public String traceId() {
        return text.substring(3, 35);
    }

    /** The id of the span the job was created in, 16 hex digits. */
    public String spanId() {
        return text.substring(36, 52);
    }
}
