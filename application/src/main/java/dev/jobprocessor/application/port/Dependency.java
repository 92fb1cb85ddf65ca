package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.util.Objects;

/**
 * One job another depends on, as the child sees it (docs/WORKFLOWS.md): its id, its state and result now, and whether
 * it counts as met for the child. {@code state} is {@code null} when the parent has been purged since it ended.
 */
public record Dependency(JobId id, JobState state, Json result, boolean met) {

    public Dependency {
        Objects.requireNonNull(id, "id");
    }
}
