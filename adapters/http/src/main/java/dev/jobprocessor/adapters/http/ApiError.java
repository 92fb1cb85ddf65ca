package dev.jobprocessor.adapters.http;

import dev.jobprocessor.domain.FieldProblem;
import java.util.List;

/** A request the API refuses at its edge, before any use case runs; becomes the docs/SPEC.md §6 envelope. */
final class ApiError extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldProblem> details;

    ApiError(ErrorCode code, String message, List<FieldProblem> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }

    ApiError(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    ErrorCode code() {
        return code;
    }

    List<FieldProblem> details() {
        return details;
    }
}
