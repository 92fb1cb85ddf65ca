package dev.jobprocessor.domain;

import static dev.jobprocessor.domain.TestJobs.NOW;
import static dev.jobprocessor.domain.TestJobs.OWNER;
import static dev.jobprocessor.domain.TestJobs.RESULT;
import static dev.jobprocessor.domain.TestJobs.TEN_SECONDS_PER_ATTEMPT;
import static dev.jobprocessor.domain.TestJobs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows 13–16 of docs/STATE_MODEL.md: snooze, and cancelling a running job (docs/QUEUE_CONTROL.md). */
class QueueControlTransitionsTest {

    private static final Instant LATER = NOW.plusSeconds(5);

    @Nested
    class Snooze {

        @Test
        void putsTheJobOffWithoutCountingTheAttempt() {
            Job running = TestJobs.running();

            Step step = running.snoozing(TOKEN, Duration.ofSeconds(90), LATER);

            Job snoozed = step.job();
            assertThat(step.transition()).isEqualTo(Transition.SNOOZE);
            assertThat(snoozed.state()).isEqualTo(JobState.PENDING);
            assertThat(snoozed.attempts()).isEqualTo(running.attempts() - 1);
            assertThat(snoozed.snoozes()).isEqualTo(1);
            assertThat(snoozed.runAt()).isEqualTo(LATER.plusSeconds(90));
            assertThat(snoozed.leaseOwner()).isNull();
            assertThat(snoozed.leaseExpiresAt()).isNull();
            assertThat(snoozed.errors()).isEmpty();
            assertThat(snoozed.updatedAt()).isEqualTo(LATER);
            assertThat(snoozed.isDue(LATER.plusSeconds(89))).isFalse();
            assertThat(snoozed.isDue(LATER.plusSeconds(90))).isTrue();
        }

        @Test
        void aJobOnItsLastAttemptCanSnoozeAndStillHasThatAttempt() {
            Job last = TestJobs.onLastAttempt(TestJobs.MAX_ATTEMPTS);

            Job snoozed = last.snooze(last.leaseToken(), Duration.ofSeconds(1), last.startedAt());
            Job again = snoozed.claim(OWNER, TestJobs.token(50), TestJobs.LEASE, snoozed.runAt());

            assertThat(again.attempts()).isEqualTo(TestJobs.MAX_ATTEMPTS);
        }

        @Test
        void isRefusedOnceTheCapIsReachedAndTheJobKeepsRunning() {
            Job job = TestJobs.running();
            Instant now = LATER;
            for (int i = 0; i < JobLimits.MAX_SNOOZES; i++) {
                Job pending = job.snooze(job.leaseToken(), Duration.ofSeconds(1), now);
                now = pending.runAt();
                job = pending.claim(OWNER, TestJobs.token(100 + i), TestJobs.LEASE, now);
            }
            Job atTheCap = job;
            Instant at = now;

            assertThat(atTheCap.snoozes()).isEqualTo(JobLimits.MAX_SNOOZES);
            assertThat(atTheCap.attempts()).isEqualTo(1);
            assertThatThrownBy(() -> atTheCap.snooze(atTheCap.leaseToken(), Duration.ofSeconds(1), at))
                    .isInstanceOfSatisfying(
                            SnoozeLimitReachedException.class,
                            e -> assertThat(e.jobId()).isEqualTo(atTheCap.id()))
                    .hasMessageContaining("snoozed " + JobLimits.MAX_SNOOZES + " times");
            assertThat(atTheCap.complete(atTheCap.leaseToken(), RESULT, at).state())
                    .isEqualTo(JobState.COMPLETED);
        }

        @Test
        void anOperatorRetryStartsANewCycleOfSnoozes() {
            Job snoozed = TestJobs.running().snooze(TOKEN, Duration.ofSeconds(1), LATER);
            Job failed = snoozed.claim(OWNER, TestJobs.token(2), TestJobs.LEASE, snoozed.runAt())
                    .fail(TestJobs.token(2), Failure.permanent("no"), TEN_SECONDS_PER_ATTEMPT, LATER.plusSeconds(2));

            assertThat(failed.snoozes()).isEqualTo(1);
            assertThat(failed.retry(LATER.plusSeconds(3)).snoozes()).isZero();
        }

        @Test
        void needsTheCurrentLease() {
            Job running = TestJobs.running();

            assertThatThrownBy(() -> running.snooze(TestJobs.token(2), Duration.ofSeconds(5), LATER))
                    .isInstanceOfSatisfying(
                            LeaseLostException.class, e -> assertThat(e.event()).isEqualTo(JobEvent.SNOOZE));
            assertThatThrownBy(() -> running.snooze(null, Duration.ofSeconds(5), LATER))
                    .isInstanceOf(LeaseLostException.class);
        }

        @Test
        void aDelayOutsideTheBoundsIsAProgrammingError() {
            Job running = TestJobs.running();

            assertThatThrownBy(() -> running.snooze(TOKEN, Duration.ofMillis(999), LATER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> running.snooze(TOKEN, Duration.ofSeconds(JobLimits.MAX_SNOOZE_SECONDS + 1), LATER))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(running.snooze(TOKEN, Duration.ofSeconds(JobLimits.MAX_SNOOZE_SECONDS), LATER)
                            .runAt())
                    .isEqualTo(LATER.plusSeconds(JobLimits.MAX_SNOOZE_SECONDS));
        }
    }

    @Nested
    class CancelRunning {

        @Test
        void recordsTheRequestAndKeepsTheJobRunningUnderItsLease() {
            Job running = TestJobs.running();

            Step step = running.cancelling(LATER);

            assertThat(step.transition()).isEqualTo(Transition.REQUEST_CANCEL);
            Job requested = step.job();
            assertThat(requested.state()).isEqualTo(JobState.RUNNING);
            assertThat(requested.cancelRequestedAt()).isEqualTo(LATER);
            assertThat(requested.leaseToken()).isEqualTo(TOKEN);
            assertThat(requested.leaseExpiresAt()).isEqualTo(running.leaseExpiresAt());
            assertThat(requested.finishedAt()).isNull();
        }

        @Test
        void aSecondRequestKeepsTheFirstTimeAndChangesNothing() {
            Job requested = TestJobs.cancelRequested();

            Step again = requested.cancelling(LATER.plusSeconds(3));

            assertThat(again.transition()).isEqualTo(Transition.REQUEST_CANCEL_REPEATED);
            assertThat(again.job()).isEqualTo(requested);
        }

        @Test
        void aHeartbeatAfterTheRequestIsAcceptedButDoesNotExtendTheLease() {
            Job requested = TestJobs.cancelRequested();

            Job after = requested.heartbeat(TOKEN, Duration.ofSeconds(600), LATER);

            assertThat(after.state()).isEqualTo(JobState.RUNNING);
            assertThat(after.leaseExpiresAt()).isEqualTo(requested.leaseExpiresAt());
            assertThat(after.cancelRequestedAt()).isEqualTo(requested.cancelRequestedAt());
        }

        static Stream<Arguments> endingsOfTheAttempt() {
            return Stream.of(
                    Arguments.of("complete", (Function<Job, Step>) job -> job.completing(TOKEN, RESULT, LATER)),
                    Arguments.of("retryable failure", (Function<Job, Step>)
                            job -> job.failing(TOKEN, Failure.retryable("x"), TEN_SECONDS_PER_ATTEMPT, LATER)),
                    Arguments.of("permanent failure", (Function<Job, Step>)
                            job -> job.failing(TOKEN, Failure.permanent("x"), TEN_SECONDS_PER_ATTEMPT, LATER)),
                    Arguments.of(
                            "snooze", (Function<Job, Step>) job -> job.snoozing(TOKEN, Duration.ofSeconds(60), LATER)),
                    Arguments.of("release", (Function<Job, Step>) job -> job.releasing(TOKEN, LATER)),
                    Arguments.of("lease expiry", (Function<Job, Step>)
                            job -> job.expiringLease(TEN_SECONDS_PER_ATTEMPT, job.leaseExpiresAt())));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("endingsOfTheAttempt")
        void whateverEndsTheAttemptEndsTheJobCancelled(String ending, Function<Job, Step> end) {
            Job requested = TestJobs.cancelRequested();

            Step step = end.apply(requested);

            Job cancelled = step.job();
            assertThat(step.transition()).isEqualTo(Transition.CANCEL_RUNNING);
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.result()).as("a late result is not stored").isNull();
            assertThat(cancelled.errors()).isEmpty();
            assertThat(cancelled.attempts()).isEqualTo(requested.attempts());
            assertThat(cancelled.leaseOwner()).isNull();
            assertThat(cancelled.finishedAt()).isEqualTo(cancelled.updatedAt());
            assertThat(cancelled.cancelRequestedAt()).isEqualTo(requested.cancelRequestedAt());
        }

        @Test
        void aCompletionThatCameFirstWinsAndTheRequestIsRefused() {
            Job completed = TestJobs.running().complete(TOKEN, RESULT, LATER);

            assertThatThrownBy(() -> completed.cancelling(LATER.plusSeconds(1)))
                    .isInstanceOfSatisfying(
                            InvalidTransitionException.class,
                            e -> assertThat(e.event()).isEqualTo(JobEvent.CANCEL));
        }

        @Test
        void aStrangerStillCannotEndTheJob() {
            Job requested = TestJobs.cancelRequested();

            assertThatThrownBy(() -> requested.complete(TestJobs.token(7), RESULT, LATER))
                    .isInstanceOf(LeaseLostException.class);
        }

        @Test
        void anOperatorRetryClearsTheRequest() {
            Job cancelled = TestJobs.cancelRequested().release(TOKEN, LATER);

            Job retried = cancelled.retry(LATER.plusSeconds(1));

            assertThat(retried.cancelRequestedAt()).isNull();
            assertThat(retried.state()).isEqualTo(JobState.PENDING);
        }

        @Test
        void aRequestOnlyAppliesToRunningJobs() {
            assertThatThrownBy(() -> TestJobs.pending().requestingCancel(LATER))
                    .isInstanceOfSatisfying(
                            InvalidTransitionException.class,
                            e -> assertThat(e.event()).isEqualTo(JobEvent.REQUEST_CANCEL));
        }
    }
}
