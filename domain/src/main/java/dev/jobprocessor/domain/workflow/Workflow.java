package dev.jobprocessor.domain.workflow;

import dev.jobprocessor.domain.DisplayName;
import java.time.Instant;
import java.util.Objects;

/**
 * A workflow as stored: its id, the name its client gave it (not unique: the same graph is submitted again and again,
 * and each run is a workflow of its own), when and by whom it was submitted. Its jobs and state are read from the jobs.
 */
public record Workflow(WorkflowId id, String name, Instant createdAt, String createdBy) {

    public Workflow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        String problem = problemOfName(name);
        if (problem != null) {
            throw new IllegalArgumentException("workflow name " + problem);
        }
    }

    /** What is wrong with {@code name} as a workflow's name ({@link DisplayName}), or {@code null} when nothing is. */
    public static String problemOfName(String name) {
        return DisplayName.problemOf(name);
    }
}
