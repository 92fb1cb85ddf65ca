package dev.jobprocessor.adapters.http;

import dev.jobprocessor.domain.FieldProblem;
import java.util.List;

/** The one shape of every error response (docs/SPEC.md §6). */
record ErrorEnvelope(Body error) {

    record Body(String code, String message, List<Detail> details, String requestId) {}

    record Detail(String field, String problem) {}

    static ErrorEnvelope of(ErrorCode code, String message, List<FieldProblem> problems, String requestId) {
        List<Detail> details =
                problems.stream().map(p -> new Detail(p.field(), p.problem())).toList();
        return new ErrorEnvelope(new Body(code.wireName(), message, details, requestId));
    }
}
