package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.adapters.cron.CronUtilsParser;
import dev.jobprocessor.adapters.memory.InMemoryScheduleRepository;
import dev.jobprocessor.application.Cadences;
import dev.jobprocessor.application.FireSchedules;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.port.CadenceParser;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.schedule.ScheduleRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Firing schedules over the in-memory store and a settable clock (docs/SCHEDULES.md): one job per tick, the misfire
 * and overlap policies, pauses, triggers, and no second job for a tick after the first was deleted.
 */
class SchedulesTest {

    private final UseCases app = new UseCases();
    private final InMemoryScheduleRepository store = new InMemoryScheduleRepository(app.repository, app.clock);
    private final Cadences cadences = new Cadences(new CronUtilsParser());
    private final ManageSchedules schedules =
            new ManageSchedules(store, cadences, app.clock, app.random, Duration.ofSeconds(1));
    private final FireSchedules firing = new FireSchedules(store, cadences, app.clock, app.random);

    /** The clock starts at 09:30:00.123456 on 1 March 2026. */
    private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");

    private void everyMinute(String misfire) {
        at(TEN.minusSeconds(30));
        schedules.create(ScheduleRequest.of("minutely", "* * * * *", JobRequest.ofType("tick"))
                .withMisfire(misfire));
    }

    private void at(Instant instant) {
        app.clock.set(instant);
    }

    private List<Job> jobs() {
        return app.repository.list(new JobQuery(null, null, null, 1_000, null)).jobs().stream()
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::idempotencyKey))
                .toList();
    }

    private int fired() {
        return firing.fireDue().stream()
                .mapToInt(outcome -> outcome.created().size())
                .sum();
    }

    @Test
    void eachTickEnqueuesOneJobOnce() {
        everyMinute("fire_once");
        at(TEN.plusMillis(200));

        assertThat(fired()).isEqualTo(1);
        assertThat(fired()).as("the same tick again").isZero();
        at(TEN.plusSeconds(60).plusMillis(200));
        assertThat(fired()).isEqualTo(1);

        List<Job> jobs = jobs();
        assertThat(jobs).hasSize(2);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.type()).isEqualTo("tick");
            assertThat(job.createdBy()).isEqualTo("schedule:minutely");
            assertThat(job.state()).isEqualTo(JobState.PENDING);
        });
        assertThat(jobs.get(0).idempotencyKey()).endsWith(":2026-03-01T10:00:00Z");
        assertThat(jobs.get(1).idempotencyKey()).endsWith(":2026-03-01T10:01:00Z");
        assertThat(schedules.get("minutely").nextFireAt()).contains(TEN.plusSeconds(120));
        assertThat(schedules.get("minutely").lastFireAt()).contains(TEN.plusSeconds(60));
    }

    @Test
    void afterTenMinutesDownSkipFiresOnlyTheOnTimeTick() {
        everyMinute("skip");
        at(TEN.plus(Duration.ofMinutes(10)).plusSeconds(30));

        assertThat(fired()).isEqualTo(1);
        assertThat(jobs().getFirst().idempotencyKey()).endsWith(":2026-03-01T10:10:00Z");
    }

    @Test
    void afterTenMinutesDownFireOnceAddsTheLatestMissedTick() {
        everyMinute("fire_once");
        at(TEN.plus(Duration.ofMinutes(10)).plusSeconds(30));

        List<FireOutcome> outcomes = firing.fireDue();

        assertThat(jobs())
                .extracting(Job::idempotencyKey)
                .allMatch(key -> key.endsWith(":2026-03-01T10:09:00Z") || key.endsWith(":2026-03-01T10:10:00Z"))
                .hasSize(2);
        assertThat(outcomes.getFirst().missedSkipped()).isEqualTo(9);
    }

    @Test
    void afterTenMinutesDownFireAllFiresEveryTick() {
        everyMinute("fire_all");
        at(TEN.plus(Duration.ofMinutes(10)).plusSeconds(30));

        assertThat(fired()).isEqualTo(11);
        assertThat(jobs()).extracting(Job::idempotencyKey).doesNotHaveDuplicates();
    }

    @Test
    void aPausedScheduleFiresNothingAndItsTicksAreMissedWhenItResumes() {
        everyMinute("skip");
        schedules.setPaused("minutely", true);
        at(TEN.plus(Duration.ofMinutes(5)).plusSeconds(10));
        assertThat(fired()).isZero();

        schedules.setPaused("minutely", false);

        assertThat(fired()).isEqualTo(1);
        assertThat(jobs().getFirst().idempotencyKey()).endsWith(":2026-03-01T10:05:00Z");
    }

    @Test
    void deletingEveryJobDoesNotMakeATickFireAgain() {
        everyMinute("fire_all");
        at(TEN.plusSeconds(150));
        assertThat(fired()).isEqualTo(3);
        for (Job job : jobs()) {
            Job running = app.lease
                    .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30)))
                    .getFirst();
            app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT);
        }
        at(TEN.plusSeconds(151));
        new PurgeJobs(app.repository, app.clock).purge(JobState.COMPLETED, Duration.ZERO, false);
        assertThat(jobs()).isEmpty();

        assertThat(fired()).isZero();
        at(TEN.plusSeconds(185));
        assertThat(fired()).isEqualTo(1);
        assertThat(jobs().getFirst().idempotencyKey()).endsWith(":2026-03-01T10:03:00Z");
    }

    @Test
    void skipIfRunningWaitsForThePreviousJobToFinish() {
        at(TEN.minusSeconds(30));
        schedules.create(ScheduleRequest.of("minutely", "* * * * *", JobRequest.ofType("tick"))
                .withOverlap("skip_if_running"));
        at(TEN.plusMillis(100));
        assertThat(fired()).isEqualTo(1);

        at(TEN.plusSeconds(60).plusMillis(100));
        List<FireOutcome> busy = firing.fireDue();
        Job running = app.lease
                .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30)))
                .getFirst();
        app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT);
        at(TEN.plusSeconds(120).plusMillis(100));

        assertThat(busy.getFirst().created()).isEmpty();
        assertThat(busy.getFirst().overlapSkipped()).isEqualTo(1);
        assertThat(fired()).isEqualTo(1);
        assertThat(jobs())
                .extracting(Job::idempotencyKey)
                .anyMatch(key -> key.endsWith(":2026-03-01T10:02:00Z"))
                .noneMatch(key -> key.endsWith(":2026-03-01T10:01:00Z"));
    }

    @Test
    void aScheduleThatCannotFireDoesNotHoldUpTheOthers() {
        at(TEN.minusSeconds(30));
        schedules.create(ScheduleRequest.of("a-hourly", "0 * * * *", JobRequest.ofType("tick")));
        schedules.create(ScheduleRequest.of("b-minutely", "* * * * *", JobRequest.ofType("tick")));
        // Another process's parser, which no longer reads the hourly expression (a library upgrade, say).
        CadenceParser stricter = expression -> {
            if (expression.equals("0 * * * *")) {
                throw new IllegalArgumentException("no longer supported");
            }
            return new CronUtilsParser().parse(expression);
        };
        FireSchedules upgraded = new FireSchedules(store, new Cadences(stricter), app.clock, app.random);
        at(TEN.plusMillis(100));

        List<FireOutcome> first = upgraded.fireDue();
        List<FireOutcome> again = upgraded.fireDue();

        assertThat(first).extracting(FireOutcome::schedule).containsExactly("b-minutely");
        assertThat(again).isEmpty();
        assertThat(schedules.get("a-hourly").nextFireAt())
                .as("still due, for a parser that reads it")
                .contains(TEN);
        assertThat(firing.fireDue()).extracting(FireOutcome::schedule).containsExactly("a-hourly");
    }

    @Test
    void aTriggerEnqueuesAJobNowEvenWhilePausedAndLeavesTheCadenceAlone() {
        everyMinute("fire_once");
        schedules.setPaused("minutely", true);

        Job triggered = schedules.trigger("minutely").job();

        assertThat(triggered.idempotencyKey()).isNull();
        assertThat(triggered.createdBy()).isEqualTo("schedule:minutely");
        assertThat(schedules.get("minutely").lastJobId()).contains(triggered.id());
        assertThat(schedules.get("minutely").nextFireAt()).contains(TEN);
    }

    @Test
    void aReplacedCadenceGoesOnFromTheNextTickAfterNow() {
        everyMinute("fire_once");
        at(TEN.plusMillis(100));
        fired();

        schedules.put("minutely", ScheduleRequest.of(null, "0 * * * *", JobRequest.ofType("tick")));

        assertThat(schedules.get("minutely").nextFireAt()).contains(TEN.plus(Duration.ofHours(1)));
        assertThat(schedules.upcoming(schedules.get("minutely")))
                .hasSize(5)
                .startsWith(TEN.plus(Duration.ofHours(1)), TEN.plus(Duration.ofHours(2)));
    }
}
