package dev.jobprocessor.domain.batch;

import dev.jobprocessor.domain.DisplayName;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.NewJob;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A batch as stored: its id, an optional name, how many jobs it holds, when and by whom it was submitted, and the
 * callback jobs it enqueues ({@code callbacks}: templates, each a validated job request without keys, time or
 * parents). Its tally is kept apart ({@link BatchTally}), since it moves with every end of its jobs.
 */
public record Batch(
        BatchId id, String name, int total, Instant createdAt, String createdBy, Map<BatchCallback, NewJob> callbacks) {

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name != null && DisplayName.problemOf(name) != null) {
            throw new IllegalArgumentException("batch name " + DisplayName.problemOf(name));
        }
        BatchTally.of(total);
        callbacks.values().forEach(Batch::requirePlainTemplate);
        callbacks = callbacks.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(callbacks));
    }

    /** The callback job for {@code callback}, created now by this batch ({@link BatchId#creator()}), id {@code jobId}. */
    public Job callbackJob(BatchCallback callback, JobId jobId, Instant now) {
        NewJob template = callbacks.get(callback);
        if (template == null) {
            throw new IllegalArgumentException("batch " + id + " has no " + callback.wireName() + " callback");
        }
        return Job.create(jobId, template, now, id.creator());
    }

    private static void requirePlainTemplate(NewJob template) {
        if (template.idempotencyKey() != null
                || template.unique() != null
                || template.runAt() != null
                || template.ref() != null
                || !template.dependsOn().isEmpty()) {
            throw new IllegalArgumentException(
                    "a callback template has no idempotency key, unique key, run_at, ref or depends_on");
        }
    }
}
