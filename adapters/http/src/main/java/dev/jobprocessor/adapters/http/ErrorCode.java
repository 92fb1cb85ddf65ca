package dev.jobprocessor.adapters.http;

import java.util.Locale;

/** The stable error codes of docs/SPEC.md §6, each with its HTTP status. */
enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_JSON(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    INVALID_TRANSITION(409),
    IDEMPOTENCY_CONFLICT(409),
    LEASE_LOST(409),
    SNOOZE_LIMIT_REACHED(409),
    SCHEDULE_CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The code as clients see it, e.g. {@code validation_failed}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
