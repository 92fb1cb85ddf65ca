package dev.jobprocessor.domain.workflow;

import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** A workflow's identity: a version 7 UUID drawn as job ids are, so workflows sort by creation time too. */
public record WorkflowId(UUID value) {

    public WorkflowId {
        Objects.requireNonNull(value, "value");
    }

    public static WorkflowId newId(Instant now, RandomGenerator random) {
        return new WorkflowId(JobId.newId(now, random).value());
    }

    /** The canonical textual form only, as {@link JobId#parse}; {@link IllegalArgumentException} for anything else. */
    public static WorkflowId parse(String text) {
        try {
            return new WorkflowId(JobId.parse(text).value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a workflow id: " + text, e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
