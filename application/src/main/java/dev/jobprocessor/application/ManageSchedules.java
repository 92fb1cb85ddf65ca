package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.ScheduleRepository.Saved;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.ScheduleConflictException;
import dev.jobprocessor.domain.schedule.FireTimes;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleDefinition;
import dev.jobprocessor.domain.schedule.ScheduleRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Creating, replacing, reading, pausing, deleting and triggering schedules (docs/SCHEDULES.md, "API"). A schedule's
 * first tick is the first after the creating process's clock; from then on the store's clock decides when it fires.
 */
public final class ManageSchedules {

    /** How many upcoming fire times a schedule's view lists. */
    public static final int UPCOMING = 5;

    private final ScheduleRepository schedules;
    private final Cadences cadences;
    private final ScheduleJobs jobs;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration minimumInterval;

    public ManageSchedules(
            ScheduleRepository schedules,
            Cadences cadences,
            Clock clock,
            RandomGenerator random,
            Duration minimumInterval) {
        this.schedules = schedules;
        this.cadences = cadences;
        this.jobs = new ScheduleJobs(random);
        this.clock = clock;
        this.random = random;
        this.minimumInterval = minimumInterval;
    }

    /**
     * Creates the schedule; the same definition under the same name again changes nothing ({@code created} false), a
     * different one is a {@link ScheduleConflictException}.
     */
    public Saved create(ScheduleRequest request) {
        ScheduleRequest.Valid valid = validate(request);
        Instant now = clock.now();
        return schedules.save(valid.definition().name(), existing -> {
            if (existing.isEmpty()) {
                return fresh(valid, now);
            }
            if (existing.get().definition().equals(valid.definition())) {
                return existing.get();
            }
            throw new ScheduleConflictException(valid.definition().name());
        });
    }

    /**
     * Creates the schedule {@code name} or replaces its definition. A replaced schedule keeps its id, its pause and
     * its history; a changed cadence starts from the next tick after now and after its last fire.
     */
    public Saved put(String name, ScheduleRequest request) {
        if (request.name() != null && !request.name().equals(name)) {
            throw new JobValidationException(List.of(
                    new FieldProblem("name", "must match the name in the path ('" + name + "') or be left out")));
        }
        ScheduleRequest.Valid valid = validate(request.withName(name));
        Instant now = clock.now();
        return schedules.save(name, existing -> {
            if (existing.isEmpty()) {
                return fresh(valid, now);
            }
            Schedule old = existing.get();
            if (old.definition().equals(valid.definition())) {
                return old;
            }
            Instant from = old.lastFireAt().filter(last -> last.isAfter(now)).orElse(now);
            return new Schedule(
                    old.id(),
                    valid.definition(),
                    old.paused(),
                    FireTimes.nextAfter(valid.cadence(), valid.definition().timezone(), from),
                    old.lastFireAt(),
                    old.lastJobId(),
                    old.createdAt(),
                    now);
        });
    }

    /** Checks {@code request} as {@link #create} would, storing nothing: a {@link JobValidationException} if bad. */
    public void check(ScheduleRequest request) {
        validate(request);
    }

    public Schedule get(String name) {
        return schedules.find(name).orElseThrow(() -> new ScheduleNotFoundException(name));
    }

    public List<Schedule> list() {
        return schedules.list();
    }

    /** The schedule's next {@value #UPCOMING} fire times, from its next tick on (also while it is paused). */
    public List<Instant> upcoming(Schedule schedule) {
        if (schedule.nextFireAt().isEmpty()) {
            return List.of();
        }
        Instant next = schedule.nextFireAt().get();
        ScheduleDefinition definition = schedule.definition();
        List<Instant> later = FireTimes.next(cadences.of(definition.cron()), definition.timezone(), next, UPCOMING - 1);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(next), later.stream())
                .toList();
    }

    /** Pauses or resumes the schedule. A resumed schedule's missed ticks follow its misfire policy. */
    public Schedule setPaused(String name, boolean paused) {
        Instant now = clock.now();
        return schedules
                .change(name, schedule -> schedule.paused() == paused ? schedule : schedule.withPaused(paused, now))
                .orElseThrow(() -> new ScheduleNotFoundException(name));
    }

    public void delete(String name) {
        if (!schedules.delete(name)) {
            throw new ScheduleNotFoundException(name);
        }
    }

    /** One job now, outside the cadence (also while paused); it counts as the schedule's last job. */
    public Enqueued trigger(String name) {
        return schedules
                .trigger(name, schedule -> {
                    Instant now = clock.now();
                    return new ScheduleRepository.Firing(
                            List.of(jobs.triggered(schedule, now)),
                            schedule.fired(schedule.nextFireAt(), Optional.of(now), now),
                            0,
                            0);
                })
                .orElseThrow(() -> new ScheduleNotFoundException(name));
    }

    private ScheduleRequest.Valid validate(ScheduleRequest request) {
        return request.validate(cadences::of, minimumInterval, clock.now());
    }

    private Schedule fresh(ScheduleRequest.Valid valid, Instant now) {
        return new Schedule(
                new UUID(random.nextLong(), random.nextLong()),
                valid.definition(),
                valid.paused(),
                FireTimes.nextAfter(valid.cadence(), valid.definition().timezone(), now),
                Optional.empty(),
                Optional.empty(),
                now,
                now);
    }
}
