package dev.jobprocessor.domain.schedule;

import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored schedule: its definition and its state. {@code id} is fixed when the schedule is created and kept when it
 * is replaced; it names the schedule in the idempotency keys of its jobs, so a schedule deleted and created again
 * under the same name never collides with the jobs of the old one.
 *
 * @param nextFireAt the tick it fires next; empty when its cadence has no more ticks
 * @param lastFireAt the fire time of the last job it enqueued (a tick, or a manual trigger)
 * @param lastJobId that job; the overlap policy asks whether it has finished
 */
public record Schedule(
        UUID id,
        ScheduleDefinition definition,
        boolean paused,
        Optional<Instant> nextFireAt,
        Optional<Instant> lastFireAt,
        Optional<JobId> lastJobId,
        Instant createdAt,
        Instant updatedAt) {

    public Schedule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(nextFireAt, "nextFireAt");
        Objects.requireNonNull(lastFireAt, "lastFireAt");
        Objects.requireNonNull(lastJobId, "lastJobId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String name() {
        return definition.name();
    }

    /** The schedule paused or resumed at {@code now}. */
    public Schedule withPaused(boolean newPaused, Instant now) {
        return new Schedule(id, definition, newPaused, nextFireAt, lastFireAt, lastJobId, createdAt, now);
    }

    /** The schedule after a firing at {@code now}: its next tick and the fire time of its latest job. */
    public Schedule fired(Optional<Instant> newNextFireAt, Optional<Instant> newLastFireAt, Instant now) {
        return new Schedule(id, definition, paused, newNextFireAt, newLastFireAt, lastJobId, createdAt, now);
    }

    /** The schedule with {@code job} as its last job. */
    public Schedule withLastJob(Optional<JobId> job) {
        return new Schedule(id, definition, paused, nextFireAt, lastFireAt, job, createdAt, updatedAt);
    }

    /** The idempotency key of the job for the tick at {@code fireTime}: one job per tick, whoever fires it. */
    public String keyFor(Instant fireTime) {
        return "schedule:" + id + ":" + fireTime;
    }
}
