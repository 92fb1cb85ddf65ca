package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.ObservedJobPurger;
import dev.jobprocessor.application.PurgeJob;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.PurgeReport;
import dev.jobprocessor.application.RetentionSweep;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.Retention;
import dev.jobprocessor.domain.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The retention sweep and the operator's purges over the in-memory store and a settable clock: what expires when,
 * that zero keeps for ever, that pending and running jobs are never touched, and that every delete is observed.
 */
class RetentionTest {

    private final UseCases app = new UseCases();
    private final Map<JobState, Long> observed = new EnumMap<>(JobState.class);
    private final JobPurger purger =
            new ObservedJobPurger(app.repository, (state, count) -> observed.merge(state, count, Long::sum));
    /** A statement "takes" 1 ms on this clock: fast, so batches grow. */
    private final AtomicLong nanos = new AtomicLong();

    private RetentionSweep sweep(Retention retention, Duration budget) {
        return new RetentionSweep(purger, app.clock, retention, budget, () -> nanos.addAndGet(500_000));
    }

    private Job finished(JobState state) {
        Job job = app.submit
                .submit(JobRequest.ofType("work").withMaxAttempts(state == JobState.DEAD ? 1 : 5), null)
                .job();
        if (state == JobState.CANCELLED) {
            return app.cancel.cancel(job.id()).job();
        }
        Job running = running(job);
        return switch (state) {
            case COMPLETED -> app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT);
            case FAILED -> app.fail.fail(running.id(), running.leaseToken(), Failure.permanent("bad"));
            case DEAD -> app.fail.fail(running.id(), running.leaseToken(), Failure.retryable("boom"));
            default -> throw new IllegalArgumentException(state.toString());
        };
    }

    /** Claims {@code job}, the only due job in the store. */
    private Job running(Job job) {
        Job running = app.lease
                .lease(new LeaseRequest("w", List.of("default"), null, 1, UseCases.LEASE))
                .getFirst();
        assertThat(running.id()).isEqualTo(job.id());
        return running;
    }

    private List<Job> all() {
        return app.repository
                .list(new dev.jobprocessor.application.port.JobQuery(null, null, null, 500, null))
                .jobs();
    }

    private Job cancelledIn(String queue) {
        Job job = app.submit
                .submit(JobRequest.ofType("work").withQueue(queue), null)
                .job();
        return app.cancel.cancel(job.id()).job();
    }

    @Test
    void aQueuesOwnRetentionReplacesTheServicesForItsJobsAndZeroKeepsThem() {
        Job byService = cancelledIn("default");
        Job byQueue = cancelledIn("mail");
        Job keptByQueue = cancelledIn("archive");
        app.repository.change(
                "mail",
                new QueueChange(
                        Setting.keep(),
                        Setting.keep(),
                        Map.of(JobState.CANCELLED, new Setting.To<>(Duration.ofHours(1)))),
                app.clock.now(),
                "ops");
        app.repository.change(
                "archive",
                new QueueChange(
                        Setting.keep(), Setting.keep(), Map.of(JobState.CANCELLED, new Setting.To<>(Duration.ZERO))),
                app.clock.now(),
                "ops");
        RetentionSweep sweep = new RetentionSweep(
                purger,
                app.clock,
                Retention.DEFAULT,
                Duration.ofSeconds(10),
                () -> nanos.addAndGet(500_000),
                app.repository::queues);

        app.clock.advance(Duration.ofHours(2));
        assertThat(sweep.sweep()).containsExactly(Map.entry(JobState.CANCELLED, 1L));
        assertThat(all()).extracting(Job::id).containsExactlyInAnyOrder(byService.id(), keptByQueue.id());

        app.clock.advance(Duration.ofDays(2));
        assertThat(sweep.sweep()).containsExactly(Map.entry(JobState.CANCELLED, 1L));
        assertThat(all()).extracting(Job::id).containsExactly(keptByQueue.id());
    }

    @Test
    void theSweepDeletesEachFinalStateOnceItsRetentionRanOut() {
        Job completed = finished(JobState.COMPLETED);
        Job cancelled = finished(JobState.CANCELLED);
        Job failed = finished(JobState.FAILED);
        Job dead = finished(JobState.DEAD);
        RetentionSweep sweep = sweep(Retention.DEFAULT, Duration.ofSeconds(10));

        app.clock.advance(Duration.ofDays(1));
        assertThat(sweep.sweep()).as("exactly a day old: not yet expired").isEmpty();
        app.clock.advance(Duration.ofSeconds(1));
        assertThat(sweep.sweep()).containsOnly(Map.entry(JobState.COMPLETED, 1L), Map.entry(JobState.CANCELLED, 1L));
        assertThat(app.repository.find(completed.id())).isEmpty();
        assertThat(app.repository.find(cancelled.id())).isEmpty();

        app.clock.advance(Duration.ofDays(13));
        assertThat(sweep.sweep()).containsOnly(Map.entry(JobState.FAILED, 1L), Map.entry(JobState.DEAD, 1L));
        assertThat(app.repository.find(failed.id())).isEmpty();
        assertThat(app.repository.find(dead.id())).isEmpty();
        assertThat(observed)
                .containsOnly(
                        Map.entry(JobState.COMPLETED, 1L),
                        Map.entry(JobState.CANCELLED, 1L),
                        Map.entry(JobState.FAILED, 1L),
                        Map.entry(JobState.DEAD, 1L));
    }

    @Test
    void zeroKeepsAStateForEver() {
        Job completed = finished(JobState.COMPLETED);
        Job dead = finished(JobState.DEAD);
        Retention keepCompleted =
                new Retention(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(14), Duration.ofSeconds(45));
        RetentionSweep sweep = sweep(keepCompleted, Duration.ofSeconds(10));

        app.clock.advance(Duration.ofDays(3650));

        assertThat(sweep.sweptStates()).containsExactly(JobState.FAILED, JobState.DEAD, JobState.CANCELLED);
        assertThat(sweep.sweep()).containsOnly(Map.entry(JobState.DEAD, 1L));
        assertThat(all()).containsExactly(completed);
        assertThat(app.repository.find(dead.id())).isEmpty();
        assertThat(sweep(Retention.FOREVER, Duration.ofSeconds(1)).sweep()).isEmpty();
    }

    @Test
    void theSweepNeverTouchesPendingOrRunningJobsHoweverOld() {
        Job pending = app.submit
                .submit(JobRequest.ofType("work").withRunAt(app.clock.now().plus(Duration.ofDays(400))), null)
                .job();
        Job running = running(app.submit.submit(JobRequest.ofType("work"), null).job());
        Job retried = finished(JobState.DEAD);
        app.clock.advance(Duration.ofDays(365));
        retried = app.retry.retry(retried.id());
        app.clock.advance(Duration.ofDays(365));

        assertThat(sweep(
                                new Retention(
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(1)),
                                Duration.ofSeconds(1))
                        .sweep())
                .isEmpty();
        assertThat(all()).containsExactlyInAnyOrder(pending, running, retried);
    }

    @Test
    void aRoundStopsAtItsBudgetAndTheNextRoundStartsWithTheNextState() {
        List<JobState> order = new ArrayList<>();
        JobPurger endless = new JobPurger() {
            @Override
            public int purgeFinished(JobState state, java.time.Instant finishedBefore, int limit, QueueScope scope) {
                order.add(state);
                return limit;
            }

            @Override
            public long countFinished(JobState state, java.time.Instant finishedBefore) {
                return Long.MAX_VALUE;
            }

            @Override
            public PurgeOutcome purge(JobId id) {
                return new PurgeOutcome.Missing(id);
            }
        };
        // Each statement "takes" 150 ms (1.5 ms per clock read), the budget is 1 s: a round is a few batches of one
        // state.
        RetentionSweep sweep = new RetentionSweep(
                endless, app.clock, Retention.DEFAULT, Duration.ofSeconds(1), () -> nanos.addAndGet(75_000_000));

        Map<JobState, Long> first = sweep.sweep();
        assertThat(first.keySet()).containsExactly(JobState.COMPLETED);
        order.clear();
        Map<JobState, Long> second = sweep.sweep();
        assertThat(second.keySet()).containsExactly(JobState.FAILED);
        assertThat(order).containsOnly(JobState.FAILED);
    }

    @Test
    void theManualPurgeCountsFirstAndDeletesOnlyWhenAsked() {
        for (int i = 0; i < 3; i++) {
            finished(JobState.COMPLETED);
        }
        app.clock.advance(Duration.ofDays(8));
        Job recent = finished(JobState.COMPLETED);
        PurgeJobs purge = new PurgeJobs(purger, app.clock);

        PurgeReport dryRun = purge.purge(JobState.COMPLETED, Duration.ofDays(7), true);

        assertThat(dryRun)
                .isEqualTo(new PurgeReport(
                        JobState.COMPLETED, Duration.ofDays(7), app.clock.now().minus(Duration.ofDays(7)), true, 3));
        assertThat(all()).hasSize(4);
        assertThat(observed).isEmpty();

        PurgeReport done = purge.purge(JobState.COMPLETED, Duration.ofDays(7), false);
        assertThat(done.count()).isEqualTo(3);
        assertThat(done.dryRun()).isFalse();
        assertThat(all()).containsExactly(recent);
        assertThat(observed).containsOnly(Map.entry(JobState.COMPLETED, 3L));
        assertThat(purge.purge(JobState.COMPLETED, Duration.ZERO, true).count())
                .as("older than 0: every completed job that finished before now")
                .isZero();
        app.clock.advance(Duration.ofMillis(1));
        assertThat(purge.purge(JobState.COMPLETED, Duration.ZERO, false).count())
                .isEqualTo(1);
    }

    @Test
    void theManualPurgeRefusesStatesThatAreNotFinal() {
        PurgeJobs purge = new PurgeJobs(purger, app.clock);
        assertThatThrownBy(() -> purge.purge(JobState.PENDING, Duration.ofDays(1), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only finished jobs can be purged, not pending ones");
        assertThatThrownBy(() -> purge.purge(JobState.COMPLETED, Duration.ofDays(-1), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purgingOneJobSaysWhatHappened() {
        Job done = finished(JobState.COMPLETED);
        Job waiting = app.submit.submit(JobRequest.ofType("work"), null).job();
        PurgeJob purge = new PurgeJob(purger);

        assertThat(purge.purge(waiting.id())).isEqualTo(new PurgeOutcome.NotFinished(waiting.id(), JobState.PENDING));
        assertThat(purge.purge(done.id())).isEqualTo(new PurgeOutcome.Purged(done.id(), JobState.COMPLETED));
        assertThat(purge.purge(done.id())).isEqualTo(new PurgeOutcome.Missing(done.id()));
        assertThat(observed).containsOnly(Map.entry(JobState.COMPLETED, 1L));
        assertThat(all()).containsExactly(waiting);
    }

    @Test
    void aFailingObserverDoesNotUndoOrFailAPurge() {
        Job done = finished(JobState.COMPLETED);
        JobPurger observedBadly = new ObservedJobPurger(app.repository, (state, count) -> {
            throw new IllegalStateException("metrics are broken");
        });

        assertThat(observedBadly.purge(done.id())).isInstanceOf(PurgeOutcome.Purged.class);
        assertThat(all()).isEmpty();
    }

    @Test
    void theSweepRefusesANonPositiveBudget() {
        assertThatThrownBy(() -> new RetentionSweep(purger, app.clock, Retention.DEFAULT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
