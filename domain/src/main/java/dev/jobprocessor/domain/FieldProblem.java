package dev.jobprocessor.domain;

import java.util.Objects;

/** One thing wrong with one field of a request, worded so the caller knows what to change. */
public record FieldProblem(String field, String problem) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field + " " + problem;
    }
}
