package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * An observer that throws (a broken metric, a full log appender) must not turn a committed change into an error: the
 * store keeps it and the caller gets it back. The observer is a Mockito mock because the failure is the point; the store
 * is the real in-memory one.
 */
class ThrowingObserverTest {

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository store = new InMemoryJobRepository(new Random(21));
    private final JobObserver observer = mock(JobObserver.class);
    private final ObservedJobRepository observed = new ObservedJobRepository(store, observer);

    @Test
    void everyWriteIsStoredAndReturnedThoughTheObserverThrowsOnEachStep() {
        doThrow(new IllegalStateException("metrics registry closed"))
                .when(observer)
                .observe(anyList());

        Job created = new SubmitJob(observed, clock, new Random(1))
                .submit(JobRequest.ofType("echo"))
                .job();
        List<Job> claimed = new LeaseJobs(observed, clock)
                .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30)));
        Job completed = new CompleteJob(observed, clock)
                .complete(created.id(), claimed.getFirst().leaseToken(), Json.EMPTY_OBJECT);

        assertThat(claimed).extracting(Job::id).containsExactly(created.id());
        assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
        assertThat(store.find(created.id())).get().isEqualTo(completed);

        ArgumentCaptor<List<JobLifecycle>> told = ArgumentCaptor.captor();
        verify(observer, times(3)).observe(told.capture());
        assertThat(told.getAllValues())
                .as("the observer was told of each step, after it was stored")
                .map(steps -> steps.getFirst().event())
                .containsExactly(LifecycleEvent.CREATED, LifecycleEvent.STARTED, LifecycleEvent.COMPLETED);
    }

    @Test
    void aThrowingObserverDoesNotKeepTheNextOneInTheChainFromBeingTold() {
        JobObserver metrics = steps -> {
            throw new IllegalStateException("metrics registry closed");
        };
        JobObserver log = mock(JobObserver.class);
        ObservedJobRepository chained = new ObservedJobRepository(store, metrics.andThen(log));

        Job created = new SubmitJob(chained, clock, new Random(1))
                .submit(JobRequest.ofType("echo"))
                .job();

        assertThat(store.find(created.id())).isPresent();
        ArgumentCaptor<List<JobLifecycle>> told = ArgumentCaptor.captor();
        verify(log).observe(told.capture());
        assertThat(told.getValue())
                .singleElement()
                .satisfies(step -> assertThat(step.event()).isEqualTo(LifecycleEvent.CREATED));
    }
}
