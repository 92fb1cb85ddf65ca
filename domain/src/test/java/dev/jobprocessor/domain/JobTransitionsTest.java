package dev.jobprocessor.domain;

import static dev.jobprocessor.domain.JobState.CANCELLED;
import static dev.jobprocessor.domain.JobState.COMPLETED;
import static dev.jobprocessor.domain.JobState.DEAD;
import static dev.jobprocessor.domain.JobState.FAILED;
import static dev.jobprocessor.domain.JobState.PENDING;
import static dev.jobprocessor.domain.JobState.RUNNING;
import static dev.jobprocessor.domain.JobState.WAITING;
import static dev.jobprocessor.domain.TestJobs.LEASE;
import static dev.jobprocessor.domain.TestJobs.NOW;
import static dev.jobprocessor.domain.TestJobs.OWNER;
import static dev.jobprocessor.domain.TestJobs.RESULT;
import static dev.jobprocessor.domain.TestJobs.TEN_SECONDS_PER_ATTEMPT;
import static dev.jobprocessor.domain.TestJobs.TIMEOUT_SECONDS;
import static dev.jobprocessor.domain.TestJobs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/SPEC.md §4 and §5 as examples: every state against every event, then each accepted transition field by field.
 */
class JobTransitionsTest {

    /** What docs/SPEC.md §4 says an event does in a state: move to a state, return the job unchanged, or refuse. */
    private sealed interface Expected {
        record MovesTo(JobState state) implements Expected {}

        record Unchanged() implements Expected {}

        record Refused(Class<? extends DomainException> error) implements Expected {}
    }

    private static final Expected LEASE_LOST = new Expected.Refused(LeaseLostException.class);
    private static final Expected INVALID = new Expected.Refused(InvalidTransitionException.class);

    private static Expected to(JobState state) {
        return new Expected.MovesTo(state);
    }

    /**
     * The full matrix of docs/SPEC.md §4, written out from the table rather than from the code. Worker events
     * (heartbeat, complete, fail) outside {@code running} are {@code lease_lost}: docs/SPEC.md §5 makes them
     * compare-and-set on {@code (id, lease_token, state = running)}, so from the worker's side it no longer holds the
     * job. Every other refused pair is {@code invalid_transition}.
     */
    static Stream<Arguments> matrix() {
        Map<JobState, List<Expected>> rows = Map.of(
                // CLAIM, HEARTBEAT, COMPLETE, FAIL_RETRYABLE, FAIL_PERMANENT, EXPIRE_LEASE, CANCEL, RETRY, RELEASE,
                // SNOOZE,
                // REQUEST_CANCEL, PARENT_ENDED (a parent completing)
                WAITING,
                        List.of(
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                to(CANCELLED),
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                to(WAITING)),
                PENDING,
                        List.of(
                                to(RUNNING),
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                to(CANCELLED),
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID),
                RUNNING,
                        List.of(
                                INVALID,
                                to(RUNNING),
                                to(COMPLETED),
                                to(PENDING),
                                to(FAILED),
                                to(PENDING),
                                to(RUNNING),
                                INVALID,
                                to(PENDING),
                                to(PENDING),
                                to(RUNNING),
                                INVALID),
                COMPLETED,
                        List.of(
                                INVALID,
                                LEASE_LOST,
                                new Expected.Unchanged(),
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID,
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID),
                FAILED,
                        List.of(
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID,
                                to(PENDING),
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID),
                DEAD,
                        List.of(
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID,
                                to(PENDING),
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID),
                CANCELLED,
                        List.of(
                                INVALID,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID,
                                to(PENDING),
                                LEASE_LOST,
                                LEASE_LOST,
                                INVALID,
                                INVALID));
        List<JobEvent> columns = List.of(
                JobEvent.CLAIM,
                JobEvent.HEARTBEAT,
                JobEvent.COMPLETE,
                JobEvent.FAIL_RETRYABLE,
                JobEvent.FAIL_PERMANENT,
                JobEvent.EXPIRE_LEASE,
                JobEvent.CANCEL,
                JobEvent.RETRY,
                JobEvent.RELEASE,
                JobEvent.SNOOZE,
                JobEvent.REQUEST_CANCEL,
                JobEvent.PARENT_ENDED);
        // A new event or state must get a row and a column here before the matrix can pass.
        assertThat(columns).containsExactlyInAnyOrder(JobEvent.values());
        assertThat(rows.keySet()).containsExactlyInAnyOrder(JobState.values());
        List<Arguments> cases = new ArrayList<>();
        for (JobState state : JobState.values()) {
            for (int i = 0; i < columns.size(); i++) {
                cases.add(arguments(state, columns.get(i), rows.get(state).get(i)));
            }
        }
        return cases.stream();
    }

    /**
     * Applies {@code event} under the most favourable conditions: the latest lease holder's token, a claim once due, a
     * lease expiry once the lease has run out, other worker events while the lease still runs. So a refusal in the
     * matrix is due to the state alone.
     */
    private static Job apply(Job job, JobEvent event) {
        LeaseToken holder = job.leaseToken() != null ? job.leaseToken() : TOKEN;
        Instant now = job.leaseExpiresAt() != null && event == JobEvent.EXPIRE_LEASE
                ? job.leaseExpiresAt()
                : latest(job.updatedAt(), job.runAt()).plusSeconds(1);
        return switch (event) {
            case CLAIM -> job.claim(OWNER, TestJobs.token(99), LEASE, now);
            case HEARTBEAT -> job.heartbeat(holder, LEASE, now);
            case COMPLETE -> job.complete(holder, RESULT, now);
            case FAIL_RETRYABLE -> job.fail(holder, Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, now);
            case FAIL_PERMANENT -> job.fail(holder, Failure.permanent("boom"), TEN_SECONDS_PER_ATTEMPT, now);
            case EXPIRE_LEASE -> job.expireLease(TEN_SECONDS_PER_ATTEMPT, now);
            case CANCEL -> job.cancel(now);
            case RETRY -> job.retry(now);
            case RELEASE -> job.release(holder, now);
            case SNOOZE -> job.snooze(holder, Duration.ofSeconds(30), now);
            case REQUEST_CANCEL -> job.requestingCancel(now).job();
            case PARENT_ENDED -> job.parentEnded(COMPLETED, now).job();
        };
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("matrix")
    void everyEventInEveryStateFollowsTheTransitionTable(JobState state, JobEvent event, Expected expected) {
        Job job = TestJobs.inState(state);
        assertThat(job.state()).isEqualTo(state);

        switch (expected) {
            case Expected.MovesTo(JobState next) ->
                assertThat(apply(job, event).state()).isEqualTo(next);
            case Expected.Unchanged() -> assertThat(apply(job, event)).isEqualTo(job);
            case Expected.Refused(Class<? extends DomainException> error) ->
                assertThatThrownBy(() -> apply(job, event))
                        .isInstanceOf(error)
                        .satisfies(e -> assertRejectionNames(job, event, (DomainException) e));
        }
    }

    /** A rejection must tell the caller which job, which event and (for a wrong state) which state refused it. */
    private static void assertRejectionNames(Job job, JobEvent event, DomainException rejection) {
        String spokenEvent = event.wireName().replace('_', ' ');
        assertThat(rejection.getMessage()).contains(job.id().toString()).contains(spokenEvent);
        switch (rejection) {
            case InvalidTransitionException invalid -> {
                assertThat(invalid.jobId()).isEqualTo(job.id());
                assertThat(invalid.event()).isEqualTo(event);
                assertThat(invalid.state()).isEqualTo(job.state());
                assertThat(invalid.getMessage()).contains(job.state().wireName());
            }
            case LeaseLostException leaseLost -> {
                assertThat(leaseLost.jobId()).isEqualTo(job.id());
                assertThat(leaseLost.event()).isEqualTo(event);
            }
            default -> throw new AssertionError("unexpected rejection type " + rejection.getClass());
        }
    }

    @Test
    void terminalStatesAreExactlyThoseOfSpecSection4() {
        assertThat(Arrays.stream(JobState.values()).filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, DEAD, CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void wireNamesAreTheLowercaseNamesOfSpecSection4AndRoundTrip(JobState state) {
        assertThat(state.wireName()).isIn("waiting", "pending", "running", "completed", "failed", "dead", "cancelled");
        assertThat(JobState.fromWireName(state.wireName())).isEqualTo(state);
    }

    @Test
    void anUnknownWireNameIsRefused() {
        assertThatThrownBy(() -> JobState.fromWireName("PENDING")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobState.fromWireName("archived")).isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class Create {

        @Test
        void aNewJobIsPendingWithNothingStartedAndRunsNowByDefault() {
            Job job = TestJobs.pending();

            assertThat(job.state()).isEqualTo(PENDING);
            assertThat(job.attempts()).isZero();
            assertThat(job.runAt()).isEqualTo(NOW);
            assertThat(job.createdAt()).isEqualTo(NOW);
            assertThat(job.updatedAt()).isEqualTo(NOW);
            assertThat(job.result()).isNull();
            assertThat(job.errors()).isEmpty();
            assertThat(job.lastError()).isNull();
            assertThat(job.leaseToken()).isNull();
            assertThat(job.leaseOwner()).isNull();
            assertThat(job.leaseExpiresAt()).isNull();
            assertThat(job.startedAt()).isNull();
            assertThat(job.finishedAt()).isNull();
            assertThat(job.isDue(NOW)).isTrue();
        }

        @Test
        void aRequestedRunAtIsKeptAndTheJobIsNotDueBeforeIt() {
            Instant later = NOW.plusSeconds(3600);
            Job job = Job.create(
                    TestJobs.ID, JobRequest.ofType("report").withRunAt(later).validate(), NOW);

            assertThat(job.runAt()).isEqualTo(later);
            assertThat(job.isDue(later.minusMillis(1))).isFalse();
            assertThat(job.isDue(later)).isTrue();
        }

        @Test
        void theRequestIsCopiedIntoTheJob() {
            NewJob spec = TestJobs.request(7);
            Job job = Job.create(TestJobs.ID, spec, NOW);

            assertThat(job.id()).isEqualTo(TestJobs.ID);
            assertThat(job.type()).isEqualTo(spec.type());
            assertThat(job.queue()).isEqualTo(spec.queue());
            assertThat(job.payload()).isEqualTo(spec.payload());
            assertThat(job.priority()).isEqualTo(spec.priority());
            assertThat(job.maxAttempts()).isEqualTo(7);
            assertThat(job.timeoutSeconds()).isEqualTo(spec.timeoutSeconds());
            assertThat(job.idempotencyKey()).isEqualTo(spec.idempotencyKey());
        }
    }

    @Nested
    class Claim {

        @Test
        void startsAnAttemptUnderANewLease() {
            Job pending = TestJobs.pending();
            Instant at = NOW.plusSeconds(5);

            Job running = pending.claim(OWNER, TOKEN, LEASE, at);

            assertThat(running.state()).isEqualTo(RUNNING);
            assertThat(running.attempts()).isEqualTo(pending.attempts() + 1);
            assertThat(running.leaseToken()).isEqualTo(TOKEN);
            assertThat(running.leaseOwner()).isEqualTo(OWNER);
            assertThat(running.leaseExpiresAt()).isEqualTo(at.plus(LEASE));
            assertThat(running.startedAt()).isEqualTo(at);
            assertThat(running.updatedAt()).isEqualTo(at);
            assertThat(running.runAt()).isEqualTo(pending.runAt());
            assertThat(running.finishedAt()).isNull();
            assertThat(running.result()).isNull();
            assertImmutableFieldsKept(pending, running);
        }

        @Test
        void isRefusedBeforeRunAtAndAllowedExactlyAtIt() {
            Instant runAt = NOW.plusSeconds(60);
            Job job = Job.create(
                    TestJobs.ID, JobRequest.ofType("report").withRunAt(runAt).validate(), NOW);

            assertThatThrownBy(() -> job.claim(OWNER, TOKEN, LEASE, runAt.minusMillis(1)))
                    .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                        assertThat(e.event()).isEqualTo(JobEvent.CLAIM);
                        assertThat(e.getMessage()).contains(runAt.toString());
                    });
            assertThat(job.claim(OWNER, TOKEN, LEASE, runAt).state()).isEqualTo(RUNNING);
        }

        @Test
        void theLeaseNeverRunsPastTheAttemptsTimeLimit() {
            Instant at = NOW.plusSeconds(1);
            Duration longerThanTimeout = Duration.ofSeconds(TIMEOUT_SECONDS + 1000L);

            Job running = TestJobs.pending().claim(OWNER, TOKEN, longerThanTimeout, at);

            assertThat(running.leaseExpiresAt()).isEqualTo(at.plusSeconds(TIMEOUT_SECONDS));
        }

        @Test
        void aReclaimAfterARetryableFailureCountsTheNextAttemptAndReplacesTheLease() {
            Job pending = TestJobs.running()
                    .fail(TOKEN, Failure.retryable("timeout"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));
            LeaseToken second = TestJobs.token(2);

            Job again = pending.claim("worker-2", second, LEASE, pending.runAt());

            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.leaseToken()).isEqualTo(second);
            assertThat(again.leaseOwner()).isEqualTo("worker-2");
            assertThat(again.startedAt()).isEqualTo(pending.runAt());
            assertThat(again.errors()).isEqualTo(pending.errors());
        }
    }

    @Nested
    class Heartbeat {

        @Test
        void extendsTheLeaseFromNowForTheHolder() {
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(20);

            Job extended = running.heartbeat(TOKEN, Duration.ofSeconds(40), at);

            assertThat(extended.state()).isEqualTo(RUNNING);
            assertThat(extended.leaseExpiresAt()).isEqualTo(at.plusSeconds(40));
            assertThat(extended.updatedAt()).isEqualTo(at);
            assertThat(extended.attempts()).isEqualTo(running.attempts());
            assertThat(extended.leaseToken()).isEqualTo(running.leaseToken());
            assertThat(extended.leaseOwner()).isEqualTo(running.leaseOwner());
            assertThat(extended.startedAt()).isEqualTo(running.startedAt());
            assertImmutableFieldsKept(running, extended);
        }

        @Test
        void neverExtendsTheLeasePastStartedAtPlusTimeout() {
            Job running = TestJobs.running();
            Instant deadline = running.startedAt().plusSeconds(TIMEOUT_SECONDS);

            Job nearDeadline = running.heartbeat(TOKEN, LEASE, deadline.minusSeconds(5));
            Job afterDeadline = nearDeadline.heartbeat(TOKEN, LEASE, deadline.plusSeconds(5));

            assertThat(nearDeadline.leaseExpiresAt()).isEqualTo(deadline);
            assertThat(afterDeadline.leaseExpiresAt()).isEqualTo(deadline);
        }

        @Test
        void aHeartbeatPastTheDeadlineLeavesTheJobToTheReaper() {
            Job running = TestJobs.running();
            Instant deadline = running.startedAt().plusSeconds(TIMEOUT_SECONDS);
            Instant late = deadline.plusSeconds(5);

            Job stillRunning = running.heartbeat(TOKEN, LEASE, late);

            assertThat(stillRunning.expireLease(TEN_SECONDS_PER_ATTEMPT, late).state())
                    .isEqualTo(PENDING);
        }

        @Test
        void aForeignOrMissingTokenIsLeaseLost() {
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(1);

            assertThatThrownBy(() -> running.heartbeat(TestJobs.token(2), LEASE, at))
                    .isInstanceOfSatisfying(
                            LeaseLostException.class, e -> assertThat(e.event()).isEqualTo(JobEvent.HEARTBEAT));
            assertThatThrownBy(() -> running.heartbeat(null, LEASE, at)).isInstanceOf(LeaseLostException.class);
        }
    }

    @Nested
    class Complete {

        @Test
        void storesTheResultEndsTheLeaseAndFinishesTheJob() {
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(3);

            Job completed = running.complete(TOKEN, RESULT, at);

            assertThat(completed.state()).isEqualTo(COMPLETED);
            assertThat(completed.result()).isEqualTo(RESULT);
            assertThat(completed.finishedAt()).isEqualTo(at);
            assertThat(completed.updatedAt()).isEqualTo(at);
            assertThat(completed.leaseOwner()).isNull();
            assertThat(completed.leaseExpiresAt()).isNull();
            assertThat(completed.attempts()).isEqualTo(running.attempts());
            assertThat(completed.errors()).isEqualTo(running.errors());
            assertImmutableFieldsKept(running, completed);
        }

        @Test
        void completingAgainWithTheSameTokenReturnsTheStoredJobUnchanged() {
            Job completed = TestJobs.completed();

            Job repeated = completed.complete(TOKEN, new Json("{\"sent\":\"twice?\"}"), NOW.plusSeconds(60));

            // docs/SPEC.md §5: the client sees the stored result, so the repeated call must not overwrite it.
            assertThat(repeated).isEqualTo(completed);
            assertThat(repeated.result()).isEqualTo(RESULT);
        }

        @Test
        void completingAgainWithAnotherTokenIsLeaseLost() {
            Job completed = TestJobs.completed();

            assertThatThrownBy(() -> completed.complete(TestJobs.token(2), RESULT, NOW.plusSeconds(60)))
                    .isInstanceOfSatisfying(
                            LeaseLostException.class, e -> assertThat(e.event()).isEqualTo(JobEvent.COMPLETE));
            assertThatThrownBy(() -> completed.complete(null, RESULT, NOW.plusSeconds(60)))
                    .isInstanceOf(LeaseLostException.class);
        }

        @Test
        void aForeignTokenCannotCompleteARunningJob() {
            Job running = TestJobs.running();

            assertThatThrownBy(() -> running.complete(TestJobs.token(2), RESULT, NOW.plusSeconds(2)))
                    .isInstanceOf(LeaseLostException.class);
        }
    }

    @Nested
    class StaleToken {

        /** The first holder failed retryably, and the job was claimed again by someone else with a new token. */
        private final Job reclaimed = TestJobs.running()
                .fail(TOKEN, Failure.retryable("lost connection"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2))
                .claim("worker-2", TestJobs.token(2), LEASE, NOW.plusSeconds(12));

        private final Instant at = NOW.plusSeconds(13);

        @Test
        void cannotHeartbeat() {
            assertThatThrownBy(() -> reclaimed.heartbeat(TOKEN, LEASE, at)).isInstanceOf(LeaseLostException.class);
        }

        @Test
        void cannotComplete() {
            assertThatThrownBy(() -> reclaimed.complete(TOKEN, RESULT, at)).isInstanceOf(LeaseLostException.class);
        }

        @Test
        void cannotFailEitherWay() {
            assertThatThrownBy(() -> reclaimed.fail(TOKEN, Failure.retryable("x"), TEN_SECONDS_PER_ATTEMPT, at))
                    .isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> reclaimed.fail(TOKEN, Failure.permanent("x"), TEN_SECONDS_PER_ATTEMPT, at))
                    .isInstanceOf(LeaseLostException.class);
        }

        @Test
        void theNewHolderStillCan() {
            assertThat(reclaimed.complete(TestJobs.token(2), RESULT, at).state())
                    .isEqualTo(COMPLETED);
        }

        @Test
        void aTokenWhoseLeaseWasReapedIsStale() {
            Job running = TestJobs.running();
            Job reaped = running.expireLease(TEN_SECONDS_PER_ATTEMPT, running.leaseExpiresAt());

            assertThatThrownBy(() -> reaped.complete(
                            TOKEN, RESULT, running.leaseExpiresAt().plusSeconds(1)))
                    .isInstanceOf(LeaseLostException.class);
        }

        @Test
        void aRepeatedFailureReportIsLeaseLostRatherThanASecondFailure() {
            Job running = TestJobs.running();
            Job afterFailure =
                    running.fail(TOKEN, Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));

            assertThatThrownBy(() -> afterFailure.fail(
                            TOKEN, Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(3)))
                    .isInstanceOf(LeaseLostException.class);
        }
    }

    @Nested
    class Fail {

        @Test
        void aRetryableFailureWithAttemptsLeftGoesBackToPendingAfterTheBackoff() {
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(4);
            List<Integer> asked = new ArrayList<>();
            Backoff recording = failedAttempt -> {
                asked.add(failedAttempt);
                return Duration.ofSeconds(17);
            };

            Job pending = running.fail(TOKEN, Failure.retryable("smtp 451"), recording, at);

            assertThat(pending.state()).isEqualTo(PENDING);
            // docs/SPEC.md §4: run_at = now + backoff(attempts), attempts being the attempt that just failed.
            assertThat(asked).containsExactly(running.attempts());
            assertThat(pending.runAt()).isEqualTo(at.plusSeconds(17));
            assertThat(pending.attempts()).isEqualTo(running.attempts());
            assertThat(pending.errors()).containsExactly(new AttemptError(1, at, "smtp 451"));
            assertThat(pending.lastError()).isEqualTo("smtp 451");
            assertThat(pending.leaseOwner()).isNull();
            assertThat(pending.leaseExpiresAt()).isNull();
            assertThat(pending.finishedAt()).isNull();
            assertThat(pending.result()).isNull();
            assertThat(pending.updatedAt()).isEqualTo(at);
            assertThat(pending.isDue(at.plusSeconds(16))).isFalse();
            assertThat(pending.isDue(at.plusSeconds(17))).isTrue();
            assertImmutableFieldsKept(running, pending);
        }

        @Test
        void theRetryPolicyDecidesRunAtWithinItsCeiling() {
            RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5));
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(1);

            Job pending = running.fail(TOKEN, Failure.retryable("x"), policy.backoff(new SplittableRandom(3)), at);

            // Attempt 1 failed, so the ceiling is the base, 2 s; jitter may shorten the wait but never lengthen it.
            assertThat(pending.runAt()).isBetween(at, at.plusSeconds(2));
        }

        @Test
        void aRetryableFailureOnTheLastAttemptIsDead() {
            Job last = TestJobs.onLastAttempt(3);
            Instant at = last.startedAt().plusSeconds(1);

            Job dead = last.fail(last.leaseToken(), Failure.retryable("smtp down"), TEN_SECONDS_PER_ATTEMPT, at);

            assertThat(dead.state()).isEqualTo(DEAD);
            assertThat(dead.attempts()).isEqualTo(3);
            assertThat(dead.finishedAt()).isEqualTo(at);
            assertThat(dead.leaseOwner()).isNull();
            assertThat(dead.leaseExpiresAt()).isNull();
            assertThat(dead.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
            assertThat(dead.errors().getLast()).isEqualTo(new AttemptError(3, at, "smtp down"));
            assertThat(dead.lastError()).isEqualTo("smtp down");
        }

        @Test
        void aJobAllowedOneAttemptIsDeadAfterItsFirstRetryableFailure() {
            Job running = TestJobs.running(1);

            Job dead = running.fail(TOKEN, Failure.retryable("x"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));

            assertThat(dead.state()).isEqualTo(DEAD);
        }

        @Test
        void aPermanentFailureIsFailedEvenWithAttemptsLeft() {
            Job running = TestJobs.running();
            Instant at = running.startedAt().plusSeconds(1);

            Job failed = running.fail(TOKEN, Failure.permanent("no such mailbox"), TEN_SECONDS_PER_ATTEMPT, at);

            assertThat(running.attempts()).isLessThan(running.maxAttempts());
            assertThat(failed.state()).isEqualTo(FAILED);
            assertThat(failed.finishedAt()).isEqualTo(at);
            assertThat(failed.errors()).containsExactly(new AttemptError(1, at, "no such mailbox"));
            assertThat(failed.lastError()).isEqualTo("no such mailbox");
            assertThat(failed.leaseOwner()).isNull();
            assertThat(failed.leaseExpiresAt()).isNull();
            assertThat(failed.result()).isNull();
        }

        @Test
        void eachFailedAttemptAddsOneHistoryEntryInOrder() {
            Job last = TestJobs.onLastAttempt(4);

            assertThat(last.errors()).hasSize(3);
            assertThat(last.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
            assertThat(last.errors()).extracting(AttemptError::at).isSorted();
        }

        @Test
        void aBlankMessageIsRecordedAsNoMessage() {
            Job failed = TestJobs.running()
                    .fail(TOKEN, Failure.permanent("  "), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));

            assertThat(failed.lastError()).isNotBlank();
            assertThat(failed.errors().getLast().message()).isEqualTo(failed.lastError());
        }

        @Test
        void aHugeMessageIsCutSoTheHistoryStaysBounded() {
            String huge = "x".repeat(100_000);

            Failure failure = Failure.retryable(huge);

            assertThat(failure.message()).hasSizeLessThanOrEqualTo(Failure.MAX_MESSAGE_LENGTH);
            assertThat(failure.message()).startsWith("x".repeat(100));
        }

        @Test
        void aMessageAtTheLimitIsKeptWhole() {
            String exact = "y".repeat(Failure.MAX_MESSAGE_LENGTH);

            assertThat(Failure.permanent(exact).message()).isEqualTo(exact);
        }
    }

    @Nested
    class ExpireLease {

        @Test
        void isRefusedWhileTheLeaseStillRuns() {
            Job running = TestJobs.running();

            assertThatThrownBy(() -> running.expireLease(
                            TEN_SECONDS_PER_ATTEMPT, running.leaseExpiresAt().minusMillis(1)))
                    .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                        assertThat(e.event()).isEqualTo(JobEvent.EXPIRE_LEASE);
                        assertThat(e.getMessage())
                                .contains(running.leaseExpiresAt().toString());
                    });
        }

        @Test
        void countsAsARetryableFailureNamedLeaseExpired() {
            Job running = TestJobs.running();
            Instant at = running.leaseExpiresAt();

            Job pending = running.expireLease(TEN_SECONDS_PER_ATTEMPT, at);

            assertThat(pending.state()).isEqualTo(PENDING);
            assertThat(pending.runAt()).isEqualTo(at.plus(TEN_SECONDS_PER_ATTEMPT.delayAfter(1)));
            assertThat(pending.errors()).containsExactly(new AttemptError(1, at, "lease expired"));
            assertThat(pending.lastError()).isEqualTo("lease expired");
            assertThat(pending.leaseOwner()).isNull();
            assertThat(pending.leaseExpiresAt()).isNull();
            assertThat(pending.finishedAt()).isNull();
            assertThat(pending.attempts()).isEqualTo(1);
        }

        @Test
        void onTheLastAttemptMakesTheJobDead() {
            Job last = TestJobs.onLastAttempt(2);
            Instant at = last.leaseExpiresAt().plusSeconds(30);

            Job dead = last.expireLease(TEN_SECONDS_PER_ATTEMPT, at);

            assertThat(dead.state()).isEqualTo(DEAD);
            assertThat(dead.finishedAt()).isEqualTo(at);
            assertThat(dead.errors().getLast()).isEqualTo(new AttemptError(2, at, "lease expired"));
        }

        @Test
        void aJobThatOutlivesItsTimeoutIsReapedAtTheDeadlineDespiteHeartbeats() {
            Job job = TestJobs.running();
            Instant deadline = job.startedAt().plusSeconds(TIMEOUT_SECONDS);
            for (Instant t = job.startedAt().plusSeconds(10); t.isBefore(deadline); t = t.plusSeconds(10)) {
                job = job.heartbeat(TOKEN, LEASE, t);
            }
            Job heartbeating = job;

            assertThatThrownBy(() -> heartbeating.expireLease(TEN_SECONDS_PER_ATTEMPT, deadline.minusMillis(1)))
                    .isInstanceOf(InvalidTransitionException.class);
            assertThat(heartbeating
                            .expireLease(TEN_SECONDS_PER_ATTEMPT, deadline)
                            .state())
                    .isEqualTo(PENDING);
        }
    }

    @Nested
    class Cancel {

        @Test
        void endsAPendingJob() {
            Job pending = TestJobs.pending();
            Instant at = NOW.plusSeconds(9);

            Job cancelled = pending.cancel(at);

            assertThat(cancelled.state()).isEqualTo(CANCELLED);
            assertThat(cancelled.finishedAt()).isEqualTo(at);
            assertThat(cancelled.updatedAt()).isEqualTo(at);
            assertThat(cancelled.attempts()).isEqualTo(pending.attempts());
            assertThat(cancelled.result()).isNull();
            assertImmutableFieldsKept(pending, cancelled);
        }

        @Test
        void worksOnAPendingJobThatIsNotDueYetOrWaitsForARetry() {
            Job scheduled = Job.create(
                    TestJobs.ID,
                    JobRequest.ofType("report").withRunAt(NOW.plusSeconds(3600)).validate(),
                    NOW);
            Job waitingForRetry =
                    TestJobs.running().fail(TOKEN, Failure.retryable("x"), TEN_SECONDS_PER_ATTEMPT, NOW.plusSeconds(2));

            assertThat(scheduled.cancel(NOW.plusSeconds(1)).state()).isEqualTo(CANCELLED);
            Job cancelled = waitingForRetry.cancel(NOW.plusSeconds(3));
            assertThat(cancelled.state()).isEqualTo(CANCELLED);
            assertThat(cancelled.errors()).isEqualTo(waitingForRetry.errors());
        }

        @ParameterizedTest
        @EnumSource(
                value = JobState.class,
                names = {"WAITING", "PENDING", "RUNNING"},
                mode = EnumSource.Mode.EXCLUDE)
        void isRefusedOnceTheJobHasEnded(JobState state) {
            Job job = TestJobs.inState(state);

            assertThatThrownBy(() -> job.cancel(NOW.plusSeconds(600)))
                    .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                        assertThat(e.state()).isEqualTo(state);
                        assertThat(e.event()).isEqualTo(JobEvent.CANCEL);
                    });
        }
    }

    @Nested
    class Retry {

        @ParameterizedTest
        @EnumSource(
                value = JobState.class,
                names = {"FAILED", "DEAD", "CANCELLED"})
        void bringsAnEndedJobBackWithFreshAttemptsAndItsHistory(JobState state) {
            Job ended = TestJobs.inState(state);
            Instant at = NOW.plusSeconds(600);

            Job pending = ended.retry(at);

            assertThat(pending.state()).isEqualTo(PENDING);
            assertThat(pending.attempts()).isZero();
            assertThat(pending.runAt()).isEqualTo(at);
            assertThat(pending.isDue(at)).isTrue();
            assertThat(pending.finishedAt()).isNull();
            assertThat(pending.updatedAt()).isEqualTo(at);
            assertThat(pending.result()).isNull();
            assertThat(pending.errors()).isEqualTo(ended.errors());
            assertThat(pending.lastError()).isEqualTo(ended.lastError());
            assertImmutableFieldsKept(ended, pending);
        }

        @Test
        void aRetriedDeadJobGetsItsFullNumberOfAttemptsAgain() {
            Job retried = TestJobs.dead().retry(NOW.plusSeconds(600));
            Job job = retried;
            int claims = 0;
            while (job.state() == PENDING) {
                claims++;
                LeaseToken token = TestJobs.token(100 + claims);
                Job running = job.claim(OWNER, token, LEASE, job.runAt());
                job = running.fail(token, Failure.retryable("still down"), TEN_SECONDS_PER_ATTEMPT, job.runAt());
            }

            assertThat(claims).isEqualTo(TestJobs.MAX_ATTEMPTS);
            assertThat(job.state()).isEqualTo(DEAD);
            // The history keeps both rounds: the first three failures and the three after the retry.
            assertThat(job.errors()).hasSize(2 * TestJobs.MAX_ATTEMPTS);
            assertThat(job.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3, 1, 2, 3);
        }

        @ParameterizedTest
        @EnumSource(
                value = JobState.class,
                names = {"PENDING", "RUNNING", "COMPLETED"})
        void isRefusedForJobsThatAreNotFailedDeadOrCancelled(JobState state) {
            Job job = TestJobs.inState(state);

            assertThatThrownBy(() -> job.retry(NOW.plusSeconds(600)))
                    .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                        assertThat(e.state()).isEqualTo(state);
                        assertThat(e.event()).isEqualTo(JobEvent.RETRY);
                    });
        }
    }

    @Test
    void everyStateOfTheFactoryIsReachedAndEveryStateHasAFactory() {
        EnumSet<JobState> reached = EnumSet.noneOf(JobState.class);
        for (JobState state : JobState.values()) {
            reached.add(TestJobs.inState(state).state());
        }
        assertThat(reached).containsExactlyInAnyOrder(JobState.values());
    }

    /** docs/SPEC.md §3: type, queue, payload and the rest of what the client asked for never change after creation. */
    private static void assertImmutableFieldsKept(Job before, Job after) {
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.type()).isEqualTo(before.type());
        assertThat(after.queue()).isEqualTo(before.queue());
        assertThat(after.payload()).isEqualTo(before.payload());
        assertThat(after.priority()).isEqualTo(before.priority());
        assertThat(after.maxAttempts()).isEqualTo(before.maxAttempts());
        assertThat(after.timeoutSeconds()).isEqualTo(before.timeoutSeconds());
        assertThat(after.idempotencyKey()).isEqualTo(before.idempotencyKey());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
    }
}
