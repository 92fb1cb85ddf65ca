package dev.jobprocessor.domain.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A workflow as stored: its id, the name its client gave it (not unique: the same graph is submitted again and again,
 * and each run is a workflow of its own), when and by whom it was submitted. Its jobs and state are read from the jobs.
 */
public record Workflow(WorkflowId id, String name, Instant createdAt, String createdBy) {

    /** Printable text without control characters, 1 to 200 characters: names are shown in lists and logs. */
    public static final Pattern NAME_PATTERN = Pattern.compile("^\\P{Cc}{1,200}$");

    public Workflow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        String problem = problemOfName(name);
        if (problem != null) {
            throw new IllegalArgumentException("workflow name " + problem);
        }
    }

    /** What is wrong with {@code name} as a workflow's name, or {@code null} when nothing is. */
    public static String problemOfName(String name) {
        if (name == null) {
            return "is required";
        }
        if (!NAME_PATTERN.matcher(name).matches() || name.isBlank()) {
            return "must be 1 to 200 characters, not all blank, without control characters";
        }
        return null;
    }
}
