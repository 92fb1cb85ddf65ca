package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * An error the API answered with its envelope ({@code {"error": {"code", "message", …}}}, docs/SPEC.md §6), one
 * subclass per code a caller acts on, or no answer at all ({@link Unreachable}).
 */
public abstract sealed class JobsException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient JsonNode error;

    JobsException(int status, String code, String message, JsonNode error) {
        super(message);
        this.status = status;
        this.code = code;
        this.error = error;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The envelope's {@code code}, e.g. {@code validation_failed}. */
    public String code() {
        return code;
    }

    /** The envelope's {@code error} object as the service sent it (its {@code details}, {@code request_id}). */
    public Optional<JsonNode> error() {
        return Optional.ofNullable(error);
    }

    /** The exception for an answer's status and envelope. */
    static JobsException of(int status, JsonNode error, Optional<Duration> retryAfter) {
        String code = error == null ? "http_" + status : error.path("code").asText("http_" + status);
        String message =
                error == null ? "HTTP " + status : error.path("message").asText("HTTP " + status);
        return switch (code) {
            case "validation_failed", "malformed_json" -> new Invalid(status, code, message, error);
            case "unauthorized" -> new Unauthorized(status, code, message, error);
            case "forbidden" -> new Forbidden(status, code, message, error);
            case "not_found" -> new NotFound(status, code, message, error);
            case "invalid_transition" -> new InvalidTransition(status, code, message, error);
            case "idempotency_conflict" -> new IdempotencyConflict(status, code, message, error);
            case "schedule_conflict" -> new ScheduleConflict(status, code, message, error);
            case "lease_lost" -> new LeaseLost(status, code, message, error);
            case "unavailable" -> new Unavailable(status, code, message, error, retryAfter);
            default -> new Failed(status, code, message, error);
        };
    }

    /** {@code 400}: the request was refused as it is ({@code validation_failed}, {@code malformed_json}). */
    public static final class Invalid extends JobsException {
        Invalid(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 401}: no token, or one the service does not know. */
    public static final class Unauthorized extends JobsException {
        Unauthorized(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 403}: the token lacks the scope the call needs. */
    public static final class Forbidden extends JobsException {
        Forbidden(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 404}: no such job (or route). */
    public static final class NotFound extends JobsException {
        NotFound(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 409}: the job's state does not allow it (cancel of a finished job, retry of a pending one). */
    public static final class InvalidTransition extends JobsException {
        InvalidTransition(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 409}: the idempotency key belongs to a job made by a different request; nothing was stored. */
    public static final class IdempotencyConflict extends JobsException {
        IdempotencyConflict(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 409}: a schedule of that name exists with a different definition (replace it with a put). */
    public static final class ScheduleConflict extends JobsException {
        ScheduleConflict(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 409}: the lease token no longer holds the job (a remote worker's report came too late). */
    public static final class LeaseLost extends JobsException {
        LeaseLost(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** {@code 503}: the database is away; try again after {@link #retryAfter()}. */
    public static final class Unavailable extends JobsException {

        private final transient Optional<Duration> retryAfter;

        Unavailable(int status, String code, String message, JsonNode error, Optional<Duration> retryAfter) {
            super(status, code, message, error);
            this.retryAfter = retryAfter;
        }

        /** The answer's {@code Retry-After}, when it had one. */
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /** Any other error answer: {@code 413}, {@code 415}, {@code 500}, a code this client does not know, or no envelope. */
    public static final class Failed extends JobsException {
        Failed(int status, String code, String message, JsonNode error) {
            super(status, code, message, error);
        }
    }

    /** No answer: the connection was refused or broke, or the request timed out. */
    public static final class Unreachable extends JobsException {
        Unreachable(String message, Throwable cause) {
            super(0, "unreachable", message, null);
            initCause(cause);
        }
    }
}
