package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code unique} field of a submit as the client sent it (docs/UNIQUE_JOBS.md): any part may be missing
 * ({@code null}); {@link #validate} applies the defaults and names every problem.
 *
 * @param by the fields that make two jobs the same; the type always does
 * @param periodSeconds uniqueness per time bucket of this many seconds, or for as long as the states say
 * @param states the states in which a job keeps newer duplicates out; must include {@code pending}
 */
public record UniqueRequest(List<String> by, Integer periodSeconds, List<String> states) {

    /** The longest period: a year. */
    public static final int MAX_PERIOD_SECONDS = 31_536_000;

    /** Unique by every field, while pending or running: no identical job is waiting or running. */
    public static UniqueRequest identical() {
        return new UniqueRequest(null, null, null);
    }

    /** The request checked, its problems added to {@code problems} with {@code prefix} (e.g. {@code "unique."}). */
    Uniqueness validate(String prefix, List<FieldProblem> problems) {
        int before = problems.size();
        Set<UniqueField> fields = EnumSet.of(UniqueField.TYPE);
        if (by == null) {
            fields = EnumSet.allOf(UniqueField.class);
        } else {
            for (String name : by) {
                UniqueField field = fieldNamed(name);
                if (field == null) {
                    problems.add(new FieldProblem(
                            prefix + "by",
                            "may name type, queue, payload and concurrency_key only, got \"" + name + "\""));
                } else {
                    fields.add(field);
                }
            }
        }
        if (periodSeconds != null && (periodSeconds < 1 || periodSeconds > MAX_PERIOD_SECONDS)) {
            problems.add(new FieldProblem(prefix + "period_seconds", "must be between 1 and " + MAX_PERIOD_SECONDS));
        }
        Set<JobState> held = EnumSet.of(JobState.PENDING, JobState.RUNNING);
        if (states != null) {
            held = EnumSet.noneOf(JobState.class);
            List<String> unknown = new ArrayList<>();
            for (String name : states) {
                JobState state = stateNamed(name);
                if (state == null) {
                    unknown.add(name);
                } else {
                    held.add(state);
                }
            }
            if (!unknown.isEmpty()) {
                problems.add(new FieldProblem(prefix + "states", "may name job states only, got " + unknown));
            } else if (!held.contains(JobState.PENDING)) {
                problems.add(new FieldProblem(
                        prefix + "states", "must include pending: a job keeps its duplicates out from its submit on"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Uniqueness(fields, periodSeconds == null ? null : Duration.ofSeconds(periodSeconds), held);
    }

    private static UniqueField fieldNamed(String name) {
        for (UniqueField field : UniqueField.values()) {
            if (field.wireName().equals(name)) {
                return field;
            }
        }
        return null;
    }

    private static JobState stateNamed(String name) {
        for (JobState state : JobState.values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        return null;
    }
}
