package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.ScheduleFiringException;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Schedules in a sorted map, behind the lock of the job store they enqueue into: a firing's jobs and the schedule's new
 * state change together, as in one PostgreSQL transaction. The store's clock is {@code clock}.
 */
public final class InMemoryScheduleRepository implements ScheduleRepository {

    private final InMemoryJobRepository jobs;
    private final Clock clock;
    private final NavigableMap<String, Schedule> schedules = new TreeMap<>();

    public InMemoryScheduleRepository(InMemoryJobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public Saved save(String name, Function<Optional<Schedule>, Schedule> decide) {
        synchronized (jobs) {
            Optional<Schedule> existing = Optional.ofNullable(schedules.get(name));
            Schedule decided = decide.apply(existing);
            requireName(name, decided);
            if (existing.isPresent() && existing.get() == decided) {
                return new Saved(decided, false);
            }
            schedules.put(name, decided);
            return new Saved(decided, existing.isEmpty());
        }
    }

    @Override
    public Optional<Schedule> find(String name) {
        synchronized (jobs) {
            return Optional.ofNullable(schedules.get(name));
        }
    }

    @Override
    public List<Schedule> list() {
        synchronized (jobs) {
            return List.copyOf(schedules.values());
        }
    }

    @Override
    public Optional<Schedule> change(String name, UnaryOperator<Schedule> change) {
        synchronized (jobs) {
            Schedule existing = schedules.get(name);
            if (existing == null) {
                return Optional.empty();
            }
            Schedule changed = change.apply(existing);
            requireName(name, changed);
            schedules.put(name, changed);
            return Optional.of(changed);
        }
    }

    @Override
    public boolean delete(String name) {
        synchronized (jobs) {
            return schedules.remove(name) != null;
        }
    }

    @Override
    public Optional<FireOutcome> fireNextDue(ScheduleFirer fire, Set<String> passOver) {
        synchronized (jobs) {
            var now = clock.now();
            Optional<Schedule> due = schedules.values().stream()
                    .filter(schedule -> !schedule.paused())
                    .filter(schedule -> !passOver.contains(schedule.name()))
                    .filter(schedule ->
                            schedule.nextFireAt().filter(at -> !at.isAfter(now)).isPresent())
                    .min(java.util.Comparator.comparing(
                            schedule -> schedule.nextFireAt().orElseThrow()));
            if (due.isEmpty()) {
                return Optional.empty();
            }
            Schedule schedule = due.get();
            Firing firing;
            try {
                firing = fire.fire(schedule, now, lastJobUnfinished(schedule));
            } catch (RuntimeException failed) {
                // Nothing is written before the firing is decided, so there is nothing to roll back.
                throw new ScheduleFiringException(schedule.name(), failed);
            }
            List<Enqueued> created = new ArrayList<>();
            int alreadyFired = 0;
            for (Submission submission : firing.jobs()) {
                if (jobs.withKey(submission.job().idempotencyKey()).isPresent()) {
                    alreadyFired++;
                    continue;
                }
                Enqueued enqueued = jobs.enqueue(List.of(submission)).getFirst();
                if (enqueued.created()) {
                    created.add(enqueued);
                } else {
                    alreadyFired++; // a unique template whose earlier job still holds its key
                }
            }
            schedules.put(schedule.name(), withLastJob(firing.next(), created, schedule));
            return Optional.of(new FireOutcome(
                    schedule.name(), created, alreadyFired, firing.missedSkipped(), firing.overlapSkipped()));
        }
    }

    @Override
    public Optional<Enqueued> trigger(String name, Function<Schedule, Firing> fire) {
        synchronized (jobs) {
            Schedule schedule = schedules.get(name);
            if (schedule == null) {
                return Optional.empty();
            }
            Firing firing = fire.apply(schedule);
            List<Enqueued> enqueued = jobs.enqueue(firing.jobs());
            List<Enqueued> created = enqueued.stream().filter(Enqueued::created).toList();
            if (!created.isEmpty()) {
                schedules.put(name, withLastJob(firing.next(), created, schedule));
            }
            return Optional.of(enqueued.getLast());
        }
    }

    private boolean lastJobUnfinished(Schedule schedule) {
        return schedule.lastJobId()
                .flatMap(jobs::find)
                .map(Job::state)
                .filter(state -> state == JobState.PENDING || state == JobState.RUNNING)
                .isPresent();
    }

    private static Schedule withLastJob(Schedule next, List<Enqueued> created, Schedule before) {
        return next.withLastJob(
                created.isEmpty()
                        ? before.lastJobId()
                        : Optional.of(created.getLast().job().id()));
    }

    private static void requireName(String name, Schedule schedule) {
        if (!schedule.name().equals(name)) {
            throw new IllegalArgumentException(
                    "a schedule saved as '" + name + "' must be named so, got '" + schedule.name() + "'");
        }
    }
}
