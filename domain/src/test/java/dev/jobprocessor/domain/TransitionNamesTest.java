package dev.jobprocessor.domain;

import static dev.jobprocessor.domain.TestJobs.LEASE;
import static dev.jobprocessor.domain.TestJobs.NOW;
import static dev.jobprocessor.domain.TestJobs.OWNER;
import static dev.jobprocessor.domain.TestJobs.RESULT;
import static dev.jobprocessor.domain.TestJobs.TEN_SECONDS_PER_ATTEMPT;
import static dev.jobprocessor.domain.TestJobs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every accepted transition names itself: the name comes from the branch of the domain that decided it, so each row
 * of the transition table has exactly one name, and the named form always returns the same job as the plain one.
 */
class TransitionNamesTest {

    private static final Instant LATER = NOW.plusSeconds(2);

    @Test
    void eachRowOfTheTransitionTableHasItsOwnName() {
        Job pending = TestJobs.pending();
        Job running = TestJobs.running();
        Job last = TestJobs.onLastAttempt(TestJobs.MAX_ATTEMPTS);
        Instant expiredAt = running.leaseExpiresAt();
        Instant lastExpiredAt = last.leaseExpiresAt();

        Map<Transition, Step> steps = new EnumMap<>(Transition.class);
        put(steps, pending.claiming(OWNER, TestJobs.token(9), LEASE, NOW.plusSeconds(1)));
        put(steps, running.heartbeating(TOKEN, LEASE, LATER));
        put(steps, running.completing(TOKEN, RESULT, LATER));
        put(steps, TestJobs.completed().completing(TOKEN, RESULT, LATER.plusSeconds(1)));
        put(steps, running.failing(TOKEN, Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, LATER));
        put(
                steps,
                last.failing(last.leaseToken(), Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, last.startedAt()));
        put(steps, running.failing(TOKEN, Failure.permanent("bad"), TEN_SECONDS_PER_ATTEMPT, LATER));
        put(steps, running.expiringLease(TEN_SECONDS_PER_ATTEMPT, expiredAt));
        put(steps, last.expiringLease(TEN_SECONDS_PER_ATTEMPT, lastExpiredAt));
        put(steps, pending.cancelling(LATER));
        put(steps, TestJobs.dead().retrying(LATER.plusSeconds(60)));
        put(steps, running.releasing(TOKEN, LATER));
        put(steps, running.snoozing(TOKEN, Duration.ofSeconds(30), LATER));
        put(steps, running.requestingCancel(LATER));
        Job cancelRequested = TestJobs.cancelRequested();
        put(steps, cancelRequested.cancelling(LATER));
        put(steps, cancelRequested.completing(TOKEN, RESULT, LATER));
        Job waiting = TestJobs.waiting(DependencyPolicy.CANCEL);
        Job oneLeft = waiting.parentEnded(JobState.COMPLETED, LATER).job();
        put(steps, waiting.parentEnded(JobState.COMPLETED, LATER));
        put(steps, oneLeft.parentEnded(JobState.COMPLETED, LATER.plusSeconds(1)));
        put(steps, waiting.parentEnded(JobState.DEAD, LATER));
        put(steps, TestJobs.waiting(DependencyPolicy.WAIT).parentEnded(JobState.FAILED, LATER));

        assertThat(steps).containsOnlyKeys(Transition.values());
        assertThat(steps.get(Transition.CLAIM).job().state()).isEqualTo(JobState.RUNNING);
        assertThat(steps.get(Transition.FAIL_RETRY).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.FAIL_DEAD).job().state()).isEqualTo(JobState.DEAD);
        assertThat(steps.get(Transition.FAIL_PERMANENT).job().state()).isEqualTo(JobState.FAILED);
        assertThat(steps.get(Transition.EXPIRE_RETRY).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.EXPIRE_DEAD).job().state()).isEqualTo(JobState.DEAD);
        assertThat(steps.get(Transition.RELEASE).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.RETRY).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.COMPLETE_REPEATED).job()).isEqualTo(TestJobs.completed());
        assertThat(steps.get(Transition.SNOOZE).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.REQUEST_CANCEL).job().state()).isEqualTo(JobState.RUNNING);
        assertThat(steps.get(Transition.REQUEST_CANCEL_REPEATED).job()).isEqualTo(cancelRequested);
        assertThat(steps.get(Transition.CANCEL_RUNNING).job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(steps.get(Transition.DEPENDENCY_MET).job().state()).isEqualTo(JobState.WAITING);
        assertThat(steps.get(Transition.DEPENDENCY_MET).job().dependencies().unmet())
                .isEqualTo(1);
        assertThat(steps.get(Transition.DEPENDENCIES_MET).job().state()).isEqualTo(JobState.PENDING);
        assertThat(steps.get(Transition.DEPENDENCY_FAILED).job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(steps.get(Transition.DEPENDENCY_FAILED_UNCHANGED).job())
                .isEqualTo(TestJobs.waiting(DependencyPolicy.WAIT));
    }

    @Test
    void exactlyTheTransitionsIntoAFinalStateEndTheJob() {
        for (Transition transition : Transition.values()) {
            boolean intoFinal = switch (transition) {
                case COMPLETE, FAIL_DEAD, FAIL_PERMANENT, EXPIRE_DEAD, CANCEL, CANCEL_RUNNING, DEPENDENCY_FAILED ->
                    true;
                default -> false;
            };
            assertThat(transition.endsJob()).as("%s ends the job", transition).isEqualTo(intoFinal);
        }
        assertThat(Transition.DEPENDENCY_MET.meetsParent()).isTrue();
        assertThat(Transition.DEPENDENCIES_MET.meetsParent()).isTrue();
        assertThat(Transition.DEPENDENCY_FAILED.meetsParent()).isFalse();
    }

    @Test
    void threeTransitionsFromRunningToPendingAreToldApart() {
        Job running = TestJobs.running();

        assertThat(running.failing(TOKEN, Failure.retryable("boom"), TEN_SECONDS_PER_ATTEMPT, LATER)
                        .transition())
                .isEqualTo(Transition.FAIL_RETRY);
        assertThat(running.expiringLease(TEN_SECONDS_PER_ATTEMPT, running.leaseExpiresAt())
                        .transition())
                .isEqualTo(Transition.EXPIRE_RETRY);
        assertThat(running.releasing(TOKEN, LATER).transition()).isEqualTo(Transition.RELEASE);
        assertThat(running.snoozing(TOKEN, Duration.ofSeconds(5), LATER).transition())
                .isEqualTo(Transition.SNOOZE);
    }

    @Test
    void theNamedFormReturnsTheSameJobAsThePlainOne() {
        Job running = TestJobs.running();
        Failure failure = Failure.retryable("boom");

        assertThat(running.failing(TOKEN, failure, TEN_SECONDS_PER_ATTEMPT, LATER)
                        .job())
                .isEqualTo(running.fail(TOKEN, failure, TEN_SECONDS_PER_ATTEMPT, LATER));
        assertThat(running.releasing(TOKEN, LATER).job()).isEqualTo(running.release(TOKEN, LATER));
        assertThat(running.completing(TOKEN, RESULT, LATER).job()).isEqualTo(running.complete(TOKEN, RESULT, LATER));
    }

    @Test
    void everyTransitionAnswersTheEventThatAskedForIt() {
        assertThat(Transition.FAIL_DEAD.event()).isEqualTo(JobEvent.FAIL_RETRYABLE);
        assertThat(Transition.EXPIRE_DEAD.event()).isEqualTo(JobEvent.EXPIRE_LEASE);
        assertThat(Transition.COMPLETE_REPEATED.event()).isEqualTo(JobEvent.COMPLETE);
        for (JobEvent event : JobEvent.values()) {
            assertThat(java.util.Arrays.stream(Transition.values()).filter(t -> t.event() == event))
                    .as("some transition answers %s", event)
                    .isNotEmpty();
        }
    }

    private static void put(Map<Transition, Step> steps, Step step) {
        assertThat(steps.put(step.transition(), step))
                .as("%s named twice", step.transition())
                .isNull();
    }
}
