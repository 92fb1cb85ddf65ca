package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.ScheduleFiringException;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import dev.jobprocessor.application.port.ScheduleRepository.Firing;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.schedule.MisfirePolicy;
import dev.jobprocessor.domain.schedule.OverlapPolicy;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link ScheduleRepository}; every store runs it unchanged (docs/SCHEDULES.md). The
 * firings here are the test's own, so the store's mechanics are checked apart from the misfire arithmetic: due means
 * a next tick in 2020, not due one in 2100, whatever the store's clock.
 */
public abstract class ScheduleRepositoryContract {

    protected static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    protected static final Instant FAR_AHEAD = Instant.parse("2100-01-01T00:00:00Z");

    protected final SettableClock clock = new SettableClock();
    protected final Submissions submissions = new Submissions(97);
    protected JobRepository jobs;
    protected ScheduleRepository schedules;

    /** An empty store: its jobs, and its schedules enqueueing into them. */
    public record Store(JobRepository jobs, ScheduleRepository schedules) {}

    protected abstract Store emptyStore();

    @BeforeEach
    void startEmpty() {
        Store store = emptyStore();
        jobs = store.jobs();
        schedules = store.schedules();
    }

    protected static Schedule schedule(String name, Instant nextFireAt) {
        NewJob template = JobRequest.ofType("report").withQueue("reports").validate();
        return new Schedule(
                UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new ScheduleDefinition(
                        name,
                        "*/5 * * * *",
                        ZoneId.of("Europe/Berlin"),
                        template,
                        MisfirePolicy.FIRE_ONCE,
                        OverlapPolicy.ALLOW,
                        Duration.ofDays(1)),
                false,
                Optional.of(nextFireAt),
                Optional.empty(),
                Optional.empty(),
                SettableClock.START,
                SettableClock.START);
    }

    protected Schedule stored(Schedule schedule) {
        return schedules.save(schedule.name(), existing -> schedule).schedule();
    }

    private Submission jobFor(Schedule schedule, Instant tick) {
        Submission plain = submissions.of(JobRequest.ofType("report").withQueue("reports"), clock.now());
        NewJob spec = JobRequest.ofType("report")
                .withQueue("reports")
                .withIdempotencyKey(schedule.keyFor(tick))
                .validate();
        Job job = Job.create(plain.job().id(), spec, clock.now(), "schedule:" + schedule.name());
        return new Submission(job, spec.fingerprint());
    }

    /** Fires the tick {@code LONG_AGO} and moves the schedule to {@code FAR_AHEAD}. */
    private Firing fireOnce(Schedule schedule, Instant storeNow, boolean unfinished) {
        return new Firing(
                List.of(jobFor(schedule, LONG_AGO)), advanced(schedule, FAR_AHEAD, Optional.of(LONG_AGO)), 2, 0);
    }

    private static Schedule advanced(Schedule schedule, Instant next, Optional<Instant> lastFire) {
        return new Schedule(
                schedule.id(),
                schedule.definition(),
                schedule.paused(),
                Optional.of(next),
                lastFire,
                schedule.lastJobId(),
                schedule.createdAt(),
                schedule.updatedAt());
    }

    @Test
    void aSavedScheduleIsFoundAndListedByName() {
        Schedule b = schedule("b-nightly", FAR_AHEAD);
        Schedule a = schedule("a-hourly", FAR_AHEAD);

        assertThat(schedules.save("b-nightly", existing -> b).created()).isTrue();
        assertThat(schedules.save("a-hourly", existing -> a).created()).isTrue();

        assertThat(schedules.find("b-nightly")).contains(b);
        assertThat(schedules.find("missing")).isEmpty();
        assertThat(schedules.list()).extracting(Schedule::name).containsExactly("a-hourly", "b-nightly");
    }

    @Test
    void savingAgainSeesTheStoredScheduleAndReplacesItOrKeepsIt() {
        Schedule first = stored(schedule("nightly", FAR_AHEAD));
        List<Optional<Schedule>> seen = new ArrayList<>();

        ScheduleRepository.Saved kept = schedules.save("nightly", existing -> {
            seen.add(existing);
            return existing.orElseThrow();
        });
        Schedule replacement = advanced(first, FAR_AHEAD.plusSeconds(60), Optional.empty());
        ScheduleRepository.Saved replaced = schedules.save("nightly", existing -> replacement);

        assertThat(seen).containsExactly(Optional.of(first));
        assertThat(kept.created()).isFalse();
        assertThat(replaced.created()).isFalse();
        assertThat(schedules.find("nightly")).contains(replacement);
    }

    @Test
    void aChangeAppliesToTheStoredScheduleAndAMissingOneIsEmpty() {
        Schedule first = stored(schedule("nightly", FAR_AHEAD));
        Schedule paused = new Schedule(
                first.id(),
                first.definition(),
                true,
                first.nextFireAt(),
                first.lastFireAt(),
                first.lastJobId(),
                first.createdAt(),
                first.updatedAt().plusSeconds(1));

        assertThat(schedules.change("nightly", schedule -> paused)).contains(paused);
        assertThat(schedules.find("nightly")).contains(paused);
        assertThat(schedules.change("missing", schedule -> schedule)).isEmpty();
    }

    @Test
    void deletingAScheduleLeavesItsJobs() {
        stored(schedule("nightly", LONG_AGO));
        FireOutcome fired = schedules.fireNextDue(this::fireOnce).orElseThrow();

        assertThat(schedules.delete("nightly")).isTrue();
        assertThat(schedules.delete("nightly")).isFalse();
        assertThat(schedules.find("nightly")).isEmpty();
        assertThat(jobs.find(fired.created().getFirst().job().id())).isPresent();
    }

    @Test
    void nothingDueFiresNothing() {
        stored(schedule("later", FAR_AHEAD));

        assertThat(schedules.fireNextDue((schedule, now, unfinished) -> {
                    throw new AssertionError("nothing is due");
                }))
                .isEmpty();
    }

    @Test
    void aDueScheduleFiresItsJobsAndAdvancesWithTheLastJobRecorded() {
        Schedule due = stored(schedule("nightly", LONG_AGO));
        List<Instant> storeNow = new ArrayList<>();

        FireOutcome outcome = schedules
                .fireNextDue((schedule, now, unfinished) -> {
                    storeNow.add(now);
                    assertThat(schedule).isEqualTo(due);
                    assertThat(unfinished).as("no job yet").isFalse();
                    return fireOnce(schedule, now, unfinished);
                })
                .orElseThrow();

        assertThat(storeNow.getFirst()).isAfter(LONG_AGO).isBefore(FAR_AHEAD);
        assertThat(outcome.schedule()).isEqualTo("nightly");
        assertThat(outcome.created()).hasSize(1);
        assertThat(outcome.alreadyFired()).isZero();
        assertThat(outcome.missedSkipped()).isEqualTo(2);
        Job job = outcome.created().getFirst().job();
        assertThat(jobs.find(job.id())).get().satisfies(stored -> {
            assertThat(stored.idempotencyKey()).isEqualTo(due.keyFor(LONG_AGO));
            assertThat(stored.state()).isEqualTo(JobState.PENDING);
        });
        Schedule after = schedules.find("nightly").orElseThrow();
        assertThat(after.nextFireAt()).contains(FAR_AHEAD);
        assertThat(after.lastFireAt()).contains(LONG_AGO);
        assertThat(after.lastJobId()).contains(job.id());
        assertThat(schedules.fireNextDue(this::fireOnce)).as("no longer due").isEmpty();
    }

    @Test
    void aPausedScheduleDoesNotFire() {
        Schedule due = schedule("nightly", LONG_AGO);
        stored(new Schedule(
                due.id(),
                due.definition(),
                true,
                due.nextFireAt(),
                due.lastFireAt(),
                due.lastJobId(),
                due.createdAt(),
                due.updatedAt()));

        assertThat(schedules.fireNextDue(this::fireOnce)).isEmpty();
    }

    @Test
    void aTickWhoseJobExistsIsNotEnqueuedAgainEvenAfterTheScheduleWasReset() {
        stored(schedule("nightly", LONG_AGO));
        schedules.fireNextDue(this::fireOnce).orElseThrow();
        // The same tick due again, as if the schedule's state had been lost: its key is still taken.
        stored(schedule("nightly", LONG_AGO));

        FireOutcome again = schedules.fireNextDue(this::fireOnce).orElseThrow();

        assertThat(again.created()).isEmpty();
        assertThat(again.alreadyFired()).isEqualTo(1);
        assertThat(schedules.find("nightly").orElseThrow().nextFireAt()).contains(FAR_AHEAD);
    }

    @Test
    void theStoreSaysWhetherTheLastJobIsUnfinished() {
        stored(schedule("nightly", LONG_AGO));
        JobId first = schedules
                .fireNextDue(this::fireOnce)
                .orElseThrow()
                .created()
                .getFirst()
                .job()
                .id();
        List<Boolean> unfinished = new ArrayList<>();
        ScheduleRepository.ScheduleFirer record = (schedule, now, lastUnfinished) -> {
            unfinished.add(lastUnfinished);
            return new Firing(List.of(), advanced(schedule, FAR_AHEAD, schedule.lastFireAt()), 0, 1);
        };

        stored(advanced(schedules.find("nightly").orElseThrow(), LONG_AGO, Optional.of(LONG_AGO)));
        schedules.fireNextDue(record).orElseThrow();
        Job running = jobs.claim(
                        new ClaimRequest("w", List.of("reports"), Set.of(), 1, Duration.ofSeconds(30), clock.now()))
                .getFirst();
        assertThat(running.id()).isEqualTo(first);
        stored(advanced(schedules.find("nightly").orElseThrow(), LONG_AGO, Optional.of(LONG_AGO)));
        schedules.fireNextDue(record).orElseThrow();
        List<ChangeOutcome> done = jobs.apply(List.of(new JobChange(
                first,
                job -> job.completing(running.leaseToken(), dev.jobprocessor.domain.Json.EMPTY_OBJECT, clock.now()))));
        assertThat(done).allMatch(ChangeOutcome.Applied.class::isInstance);
        stored(advanced(schedules.find("nightly").orElseThrow(), LONG_AGO, Optional.of(LONG_AGO)));
        FireOutcome last = schedules.fireNextDue(record).orElseThrow();

        assertThat(unfinished).containsExactly(true, true, false);
        assertThat(last.overlapSkipped()).isEqualTo(1);
    }

    @Test
    void aTriggerEnqueuesOneJobAndRecordsItAsTheLast() {
        Schedule schedule = stored(schedule("nightly", FAR_AHEAD));

        Enqueued triggered = schedules
                .trigger(
                        "nightly",
                        s -> new Firing(
                                List.of(submissions.of(
                                        JobRequest.ofType("report").withQueue("reports"), clock.now())),
                                advanced(s, FAR_AHEAD, Optional.of(clock.now())),
                                0,
                                0))
                .orElseThrow();

        assertThat(triggered.created()).isTrue();
        assertThat(schedules.find("nightly").orElseThrow().lastJobId())
                .contains(triggered.job().id());
        assertThat(schedules.find("nightly").orElseThrow().nextFireAt()).isEqualTo(schedule.nextFireAt());
        assertThat(schedules.trigger("missing", s -> {
                    throw new AssertionError("no such schedule");
                }))
                .isEmpty();
    }

    @Test
    void aFiringThatFailsIsRolledBackNamedAndCanBePassedOver() {
        stored(schedule("a-broken", LONG_AGO));
        stored(schedule("b-fine", LONG_AGO.plusSeconds(1)));
        ScheduleRepository.ScheduleFirer brokenFirst = (schedule, now, unfinished) -> {
            if (schedule.name().equals("a-broken")) {
                throw new IllegalArgumentException("its cron expression no longer parses");
            }
            return fireOnce(schedule, now, unfinished);
        };

        assertThatThrownBy(() -> schedules.fireNextDue(brokenFirst))
                .isInstanceOfSatisfying(
                        ScheduleFiringException.class,
                        e -> assertThat(e.schedule()).isEqualTo("a-broken"));
        FireOutcome fine =
                schedules.fireNextDue(brokenFirst, Set.of("a-broken")).orElseThrow();

        assertThat(fine.schedule()).isEqualTo("b-fine");
        assertThat(schedules.find("a-broken").orElseThrow().nextFireAt())
                .as("untouched")
                .contains(LONG_AGO);
        assertThat(schedules.fireNextDue(brokenFirst, Set.of("a-broken"))).isEmpty();
    }

    @Test
    void concurrentFirersFireADueScheduleOnce() throws Exception {
        stored(schedule("nightly", LONG_AGO));
        AtomicInteger firings = new AtomicInteger();
        ScheduleRepository.ScheduleFirer slowly = (schedule, now, unfinished) -> {
            firings.incrementAndGet();
            try {
                Thread.sleep(50); // hold the schedule while the others look for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fireOnce(schedule, now, unfinished);
        };
        List<Callable<Optional<FireOutcome>>> firers = IntStream.range(0, 8)
                .mapToObj(i -> (Callable<Optional<FireOutcome>>) () -> schedules.fireNextDue(slowly))
                .toList();

        List<Optional<FireOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Optional<FireOutcome>> outcome : pool.invokeAll(firers)) {
                outcomes.add(outcome.get());
            }
        }

        assertThat(firings).hasValue(1);
        assertThat(outcomes.stream().filter(Optional::isPresent)).hasSize(1);
        assertThat(jobs.list(new dev.jobprocessor.application.port.JobQuery(null, null, null, 100, null))
                        .jobs())
                .hasSize(1);
    }
}
