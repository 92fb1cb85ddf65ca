package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.domain.AttemptError;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.InvalidTransitionException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worker protocol driven by hand through the use cases, with time moved by the test. */
class JobLifecycleTest {

    private final UseCases app = new UseCases();

    private Job leaseOne() {
        List<Job> leased = app.lease.lease(new LeaseRequest("w-1", List.of("default"), Set.of(), 1, UseCases.LEASE));
        assertThat(leased).hasSize(1);
        return leased.getFirst();
    }

    @Test
    void retriesWithGrowingBackoffThenDies() {
        Job job =
                app.submit.submit(JobRequest.ofType("flaky").withMaxAttempts(3)).job();

        for (int attempt = 1; attempt <= 2; attempt++) {
            Job running = leaseOne();
            assertThat(running.attempts()).isEqualTo(attempt);
            Job failed = app.fail.fail(running.id(), running.leaseToken(), Failure.retryable("try " + attempt));
            assertThat(failed.state()).isEqualTo(JobState.PENDING);
            Duration backoff = Duration.between(app.clock.now(), failed.runAt());
            Duration ceiling = UseCases.RETRY_POLICY.ceiling(attempt);
            assertThat(backoff).isBetween(ceiling.dividedBy(2), ceiling);
            app.clock.set(failed.runAt().minusMillis(1));
            assertThat(app.lease.lease(new LeaseRequest("w-1", List.of("default"), Set.of(), 1, UseCases.LEASE)))
                    .as("not due before its backoff ends")
                    .isEmpty();
            app.clock.set(failed.runAt());
        }
        Job last = leaseOne();
        Job dead = app.fail.fail(last.id(), last.leaseToken(), Failure.retryable("try 3"));

        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
        assertThat(dead.errors()).extracting(AttemptError::message).containsExactly("try 1", "try 2", "try 3");
        assertThat(app.get.get(job.id())).isEqualTo(dead);
    }

    @Test
    void aPermanentFailureSkipsTheRemainingAttempts() {
        app.submit.submit(JobRequest.ofType("strict").withMaxAttempts(10));
        Job running = leaseOne();

        Job failed = app.fail.fail(running.id(), running.leaseToken(), Failure.permanent("invalid address"));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("invalid address");
    }

    @Test
    void completionIsIdempotentForTheSameTokenAndRefusedForAStaleOne() {
        app.submit.submit(JobRequest.ofType("noop").withMaxAttempts(2));
        Job running = leaseOne();
        app.clock.advance(UseCases.LEASE);
        assertThat(app.reaper.reap()).isEqualTo(1);
        app.clock.advance(Duration.ofMinutes(1));
        Job second = leaseOne();

        assertThatThrownBy(() -> app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT))
                .isInstanceOf(LeaseLostException.class);
        Job completed = app.complete.complete(second.id(), second.leaseToken(), new Json("{\"n\":1}"));
        Job again = app.complete.complete(second.id(), second.leaseToken(), new Json("{\"n\":1}"));

        assertThat(again).isEqualTo(completed);
        assertThat(completed.errors())
                .singleElement()
                .extracting(AttemptError::message)
                .isEqualTo("lease expired");
    }

    @Test
    void aHeartbeatKeepsTheReaperAway() {
        app.submit.submit(JobRequest.ofType("long"));
        Job running = leaseOne();

        app.clock.advance(Duration.ofSeconds(25));
        Job extended = app.heartbeat.heartbeat(running.id(), running.leaseToken(), UseCases.LEASE);
        app.clock.advance(Duration.ofSeconds(25));

        assertThat(app.reaper.reap()).isZero();
        assertThat(extended.leaseExpiresAt()).isEqualTo(app.clock.now().plusSeconds(5));
        assertThat(app.get.get(running.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void heartbeatsOfManyHeldJobsGoInOneCallAndALostLeaseIsRejectedAlone() {
        app.submit.submit(JobRequest.ofType("long"));
        Job lost = leaseOne();
        app.clock.advance(Duration.ofSeconds(20));
        app.submit.submit(JobRequest.ofType("long"));
        Job kept = leaseOne();
        app.clock.advance(Duration.ofSeconds(10));
        assertThat(app.reaper.reap()).as("only the first lease has run out").isEqualTo(1);

        List<ChangeOutcome> outcomes = app.heartbeat.heartbeatAll(List.of(lost, kept), UseCases.LEASE);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0))
                .isInstanceOfSatisfying(
                        ChangeOutcome.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isInstanceOf(LeaseLostException.class));
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        ChangeOutcome.Applied.class,
                        applied -> assertThat(applied.after().leaseExpiresAt())
                                .isEqualTo(app.clock.now().plus(UseCases.LEASE)));
        assertThat(app.get.get(kept.id()).leaseExpiresAt())
                .isEqualTo(app.clock.now().plus(UseCases.LEASE));
        assertThat(app.get.get(lost.id()).state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void theReaperFindsALeaseWhoseWorkerVanished() {
        app.submit.submit(JobRequest.ofType("crashy"));
        Job running = leaseOne();

        app.clock.advance(UseCases.LEASE.minusMillis(1));
        assertThat(app.reaper.reap()).isZero();
        app.clock.advance(Duration.ofMillis(1));
        assertThat(app.reaper.reap()).isEqualTo(1);

        Job reaped = app.get.get(running.id());
        assertThat(reaped.state()).isEqualTo(JobState.PENDING);
        assertThat(reaped.lastError()).isEqualTo("lease expired");
        assertThatThrownBy(() -> app.heartbeat.heartbeat(running.id(), running.leaseToken(), UseCases.LEASE))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void cancelAndRetryFollowTheTable() {
        Job pending = app.submit.submit(JobRequest.ofType("noop")).job();
        Job cancelled = app.cancel.cancel(pending.id()).job();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> app.cancel.cancel(pending.id())).isInstanceOf(InvalidTransitionException.class);

        Job retried = app.retry.retry(pending.id());
        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThatThrownBy(() -> app.retry.retry(pending.id())).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void aLeaseRequestIsCheckedFieldByField() {
        LeaseRequest bad = new LeaseRequest("", List.of("Bad Queue"), Set.of("Bad Type"), 0, Duration.ZERO);

        assertThatThrownBy(() -> app.lease.lease(bad))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("worker_id", "queues", "types", "limit", "lease_seconds"));
    }

    @Test
    void aHeartbeatExtensionIsBounded() {
        app.submit.submit(JobRequest.ofType("noop"));
        Job running = leaseOne();
        assertThatThrownBy(() -> app.heartbeat.heartbeat(running.id(), running.leaseToken(), Duration.ofDays(2)))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("extend_seconds"));
        assertThatThrownBy(() -> app.heartbeat.heartbeatAll(List.of(running), Duration.ZERO))
                .isInstanceOf(JobValidationException.class);
    }
}
