package dev.jobprocessor.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.domain.Transition;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one mapping from what the domain did to what operators count: checked row by row, in both directions. */
class LifecycleEventsTest {

    private static final Map<Transition, Optional<LifecycleEvent>> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(Transition.CLAIM, Optional.of(LifecycleEvent.STARTED)),
            Map.entry(Transition.HEARTBEAT, Optional.empty()),
            Map.entry(Transition.COMPLETE, Optional.of(LifecycleEvent.COMPLETED)),
            Map.entry(Transition.COMPLETE_REPEATED, Optional.empty()),
            Map.entry(Transition.FAIL_RETRY, Optional.of(LifecycleEvent.RETRIED)),
            Map.entry(Transition.FAIL_DEAD, Optional.of(LifecycleEvent.DEAD)),
            Map.entry(Transition.FAIL_PERMANENT, Optional.of(LifecycleEvent.FAILED)),
            Map.entry(Transition.EXPIRE_RETRY, Optional.of(LifecycleEvent.RETRIED)),
            Map.entry(Transition.EXPIRE_DEAD, Optional.of(LifecycleEvent.DEAD)),
            Map.entry(Transition.CANCEL, Optional.of(LifecycleEvent.CANCELLED)),
            Map.entry(Transition.RETRY, Optional.of(LifecycleEvent.REQUEUED)),
            Map.entry(Transition.RELEASE, Optional.of(LifecycleEvent.RELEASED)),
            Map.entry(Transition.SNOOZE, Optional.of(LifecycleEvent.SNOOZED)),
            Map.entry(Transition.REQUEST_CANCEL, Optional.of(LifecycleEvent.CANCEL_REQUESTED)),
            Map.entry(Transition.REQUEST_CANCEL_REPEATED, Optional.empty()),
            Map.entry(Transition.CANCEL_RUNNING, Optional.of(LifecycleEvent.CANCELLED)),
            Map.entry(Transition.DEPENDENCY_MET, Optional.empty()),
            Map.entry(Transition.DEPENDENCIES_MET, Optional.empty()),
            Map.entry(Transition.DEPENDENCY_FAILED, Optional.of(LifecycleEvent.CANCELLED)),
            Map.entry(Transition.DEPENDENCY_FAILED_UNCHANGED, Optional.empty())));

    @Test
    void everyDomainTransitionMapsToExactlyTheLifecycleEventItIs() {
        assertThat(EXPECTED).containsOnlyKeys(Transition.values());
        for (Transition transition : Transition.values()) {
            assertThat(JobLifecycle.eventOf(transition))
                    .as("the lifecycle event of %s", transition)
                    .isEqualTo(EXPECTED.get(transition));
        }
    }

    @Test
    void everyLifecycleEventButCreationComesFromSomeTransition() {
        Set<LifecycleEvent> reached = EnumSet.noneOf(LifecycleEvent.class);
        Arrays.stream(Transition.values()).forEach(t -> JobLifecycle.eventOf(t).ifPresent(reached::add));

        assertThat(reached).isEqualTo(EnumSet.complementOf(EnumSet.of(LifecycleEvent.CREATED)));
    }

    @Test
    void aReleaseIsNeverARetry() {
        assertThat(JobLifecycle.eventOf(Transition.RELEASE)).contains(LifecycleEvent.RELEASED);
        assertThat(JobLifecycle.eventOf(Transition.FAIL_RETRY)).contains(LifecycleEvent.RETRIED);
    }
}
