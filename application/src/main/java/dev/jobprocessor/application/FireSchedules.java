package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.ScheduleFiringException;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import dev.jobprocessor.application.port.ScheduleRepository.Firing;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.schedule.FireRound;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleDefinition;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Fires every due schedule, one transaction per schedule (docs/SCHEDULES.md, "Exactly one job per tick"). Runs in
 * every process: the store hands a due schedule to one of them at a time ({@code SKIP LOCKED}), and the tick's
 * idempotency key and the compare-and-set on {@code next_fire_at} make a second job for a tick impossible.
 */
public final class FireSchedules {

    private static final System.Logger LOG = System.getLogger(FireSchedules.class.getName());

    /** A round fires at most this many schedules, so that one round never holds its thread for long. */
    public static final int MAX_PER_ROUND = 1_000;

    private final ScheduleRepository schedules;
    private final Cadences cadences;
    private final ScheduleJobs jobs;
    private final Clock clock;
    /** The schedules whose latest firing failed: a failure is logged when it starts, not every round. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public FireSchedules(ScheduleRepository schedules, Cadences cadences, Clock clock, RandomGenerator random) {
        this.schedules = schedules;
        this.cadences = cadences;
        this.jobs = new ScheduleJobs(random);
        this.clock = clock;
    }

    /**
     * Fires each due schedule once; returns what each firing did. A schedule that cannot fire is passed over for the
     * rest of the round, so it never holds up the others, and logged once when it starts failing and once when it
     * fires again (not every round).
     */
    public List<FireOutcome> fireDue() {
        List<FireOutcome> outcomes = new ArrayList<>();
        Set<String> failedNow = new HashSet<>();
        for (int firings = 0; firings < MAX_PER_ROUND; firings++) {
            Optional<FireOutcome> fired;
            try {
                fired = schedules.fireNextDue(this::firing, failedNow);
            } catch (ScheduleFiringException failed) {
                failedNow.add(failed.schedule());
                if (failing.add(failed.schedule())) {
                    LOG.log(Level.WARNING, failed.getMessage() + "; the other schedules go on firing");
                }
                continue;
            }
            if (fired.isEmpty()) {
                break;
            }
            if (failing.remove(fired.get().schedule())) {
                LOG.log(Level.INFO, "schedule '" + fired.get().schedule() + "' fires again");
            }
            outcomes.add(fired.get());
        }
        return outcomes;
    }

    /** The jobs and the new state of a due schedule at the store's clock {@code now}. */
    Firing firing(Schedule schedule, Instant now, boolean lastJobUnfinished) {
        ScheduleDefinition definition = schedule.definition();
        Instant due = schedule.nextFireAt()
                .orElseThrow(() -> new IllegalStateException(
                        "schedule '" + schedule.name() + "' has no next tick and cannot be due"));
        FireRound round = FireRound.plan(
                cadences.of(definition.cron()),
                definition.timezone(),
                due,
                now,
                definition.misfire(),
                definition.catchUpWindow(),
                definition.overlap(),
                lastJobUnfinished);
        // Jobs are created at the process's clock like every other job; the tick is in the key.
        Instant created = clock.now();
        List<Submission> submissions = round.fires().stream()
                .map(fireTime -> jobs.forTick(schedule, fireTime, created))
                .toList();
        Schedule next = schedule.fired(
                round.nextFireAt(),
                round.fires().isEmpty()
                        ? schedule.lastFireAt()
                        : Optional.of(round.fires().getLast()),
                now);
        return new Firing(submissions, next, round.missedSkipped(), round.overlapSkipped());
    }
}
