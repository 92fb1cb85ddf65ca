package dev.jobprocessor.domain.schedule;

import dev.jobprocessor.domain.NewJob;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a schedule is, as its owner defined it (docs/SCHEDULES.md): checked, with defaults applied. Two definitions
 * are the same when these fields are equal; whether it is paused and when it fires are its state
 * ({@link Schedule}), not part of it.
 *
 * @param job the job each tick enqueues, without run_at or idempotency key (the tick sets both)
 */
public record ScheduleDefinition(
        String name,
        String cron,
        ZoneId timezone,
        NewJob job,
        MisfirePolicy misfire,
        OverlapPolicy overlap,
        Duration catchUpWindow) {

    public ScheduleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(misfire, "misfire");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(catchUpWindow, "catchUpWindow");
        if (job.runAt() != null || job.idempotencyKey() != null) {
            throw new IllegalArgumentException("a schedule's job has no run_at or idempotency key of its own");
        }
    }
}
