package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.schedule.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Schedules as durable records, and the one transaction that fires a tick (docs/SCHEDULES.md). Checked by the
 * contract suite ({@code ScheduleRepositoryContract}); any method may throw {@link StoreUnavailableException}.
 */
public interface ScheduleRepository {

    /** A schedule as stored by {@link #save}, and whether that call created it. */
    record Saved(Schedule schedule, boolean created) {}

    /**
     * With the schedule named {@code name} locked (or its absence known), asks {@code decide} what to store and stores
     * it, atomically. Returning the existing schedule itself writes nothing; {@code decide} may throw to refuse.
     */
    Saved save(String name, Function<Optional<Schedule>, Schedule> decide);

    Optional<Schedule> find(String name);

    /** Every schedule, by name. */
    List<Schedule> list();

    /** Applies {@code change} to the schedule with its row locked; empty when there is no such schedule. */
    Optional<Schedule> change(String name, UnaryOperator<Schedule> change);

    /** Deletes the schedule (its jobs stay); whether there was one. */
    boolean delete(String name);

    /**
     * Fires one due schedule, if any is due at the store's clock and not held by another process: in one transaction,
     * it locks the schedule ({@code SKIP LOCKED}), asks {@code fire} for the jobs and the schedule's new state, inserts
     * the jobs (a job whose idempotency key is already taken is not inserted: that tick had its job), and advances the
     * schedule with a compare-and-set on its {@code next_fire_at}. Empty when no schedule was due. A firing that fails
     * after the schedule was chosen is rolled back and thrown as a {@link ScheduleFiringException} naming it.
     */
    default Optional<FireOutcome> fireNextDue(ScheduleFirer fire) {
        return fireNextDue(fire, Set.of());
    }

    /** As {@link #fireNextDue(ScheduleFirer)}, passing over the schedules named in {@code passOver}. */
    Optional<FireOutcome> fireNextDue(ScheduleFirer fire, Set<String> passOver);

    /**
     * Inserts one job for the schedule now, outside its cadence, with the schedule locked, and records it as the
     * schedule's last job; empty when there is no such schedule.
     */
    Optional<Enqueued> trigger(String name, Function<Schedule, Firing> fire);

    /** Decides what a due schedule does, given the store's clock and whether its last job is still unfinished. */
    @FunctionalInterface
    interface ScheduleFirer {
        Firing fire(Schedule schedule, Instant storeNow, boolean lastJobUnfinished);
    }

    /**
     * What one firing stores: the jobs to insert (each with its tick's idempotency key) and the schedule's new state.
     * The store sets {@code lastJobId} to the last job inserted, if any.
     */
    record Firing(List<Submission> jobs, Schedule next, int missedSkipped, int overlapSkipped) {
        public Firing {
            jobs = List.copyOf(jobs);
        }
    }

    /**
     * What a firing did: the jobs it created, the ticks whose job existed already (a duplicate avoided), and the
     * ticks the misfire and overlap policies let go.
     */
    record FireOutcome(
            String schedule, List<Enqueued> created, int alreadyFired, int missedSkipped, int overlapSkipped) {
        public FireOutcome {
            created = List.copyOf(created);
        }
    }
}
