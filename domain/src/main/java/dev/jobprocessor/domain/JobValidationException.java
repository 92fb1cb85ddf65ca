package dev.jobprocessor.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A request broke one or more field rules of docs/SPEC.md §3; every problem is reported at once. */
public final class JobValidationException extends DomainException {

    private final List<FieldProblem> problems;

    public JobValidationException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
