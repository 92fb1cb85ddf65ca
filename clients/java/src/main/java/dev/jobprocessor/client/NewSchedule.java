package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A schedule to create or replace (docs/SCHEDULES.md): a job enqueued at each tick of a cron expression in a time
 * zone. Absent fields take the service's defaults ({@code UTC}, misfire {@code fire_once}, overlap {@code allow},
 * catch-up window {@code 1d}, not paused). Immutable: each {@code with…} returns a copy.
 */
public record NewSchedule(
        String name,
        String cron,
        NewJob job,
        String timezone,
        String misfire,
        String overlap,
        String catchUpWindow,
        Boolean paused) {

    public NewSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(job, "job");
        if (job.runAt() != null || job.idempotencyKey() != null) {
            throw new IllegalArgumentException(
                    "a schedule's job takes no run_at or idempotency key: each tick sets them");
        }
    }

    /** {@code job} at each tick of {@code cron} (five fields, or six with seconds; macros such as {@code @daily}). */
    public static NewSchedule of(String name, String cron, NewJob job) {
        return new NewSchedule(name, cron, job, null, null, null, null, null);
    }

    /** The IANA zone whose wall clock the expression reads, e.g. {@code Europe/Berlin}. */
    public NewSchedule inZone(String zone) {
        return new NewSchedule(name, cron, job, zone, misfire, overlap, catchUpWindow, paused);
    }

    /** What missed ticks do: {@code skip}, {@code fire_once} or {@code fire_all}. */
    public NewSchedule withMisfire(String policy) {
        return new NewSchedule(name, cron, job, timezone, policy, overlap, catchUpWindow, paused);
    }

    /** {@code skip_if_running}: no new job while the previous one is pending or running; or {@code allow}. */
    public NewSchedule withOverlap(String policy) {
        return new NewSchedule(name, cron, job, timezone, misfire, policy, catchUpWindow, paused);
    }

    /** How far back a missed tick may still fire: {@code 45s}, {@code 30m}, {@code 12h}, {@code 14d}. */
    public NewSchedule withCatchUpWindow(String window) {
        return new NewSchedule(name, cron, job, timezone, misfire, overlap, window, paused);
    }

    /** Created paused (or not). */
    public NewSchedule paused(boolean isPaused) {
        return new NewSchedule(name, cron, job, timezone, misfire, overlap, catchUpWindow, isPaused);
    }

    ObjectNode toJson() {
        ObjectNode json =
                JsonNodeFactory.instance.objectNode().put("name", name).put("cron", cron);
        json.set("job", job.toJson());
        if (timezone != null) {
            json.put("timezone", timezone);
        }
        if (misfire != null) {
            json.put("misfire", misfire);
        }
        if (overlap != null) {
            json.put("overlap", overlap);
        }
        if (catchUpWindow != null) {
            json.put("catch_up_window", catchUpWindow);
        }
        if (paused != null) {
            json.put("paused", paused);
        }
        return json;
    }
}
