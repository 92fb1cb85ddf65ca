package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.ObservedBatchRepository;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.ObservedWorkflowRepository;
import dev.jobprocessor.application.WorkflowReport;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.workflow.WorkflowState;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A workflow's and a batch's jobs are observed as every job is: created when submitted, cancelled when the workflow
 * is.
 */
class ObservedWorkflowsTest {

    private final List<JobLifecycle> seen = new CopyOnWriteArrayList<>();
    private final JobObserver recording = seen::addAll;
    private final InMemoryJobRepository store = new InMemoryJobRepository(new Random(3));
    private final SettableClock clock = new SettableClock();
    private final ManageWorkflows workflows = new ManageWorkflows(
            new ObservedWorkflowRepository(store, recording),
            new ObservedJobRepository(store, recording),
            clock,
            new Random(4));

    @Test
    void submittingAndCancellingAWorkflowIsObservedJobByJob() {
        WorkflowReport submitted = workflows.submit(
                "observed",
                List.of(
                        JobRequest.ofType("first").withGraph(new DependencyRequest("a", null, null)),
                        JobRequest.ofType("second").withGraph(new DependencyRequest("b", List.of("a"), null))),
                null);
        List<Job> jobs = submitted.graph().jobs();

        assertThat(seen)
                .extracting(JobLifecycle::event)
                .containsExactly(LifecycleEvent.CREATED, LifecycleEvent.CREATED);
        assertThat(seen)
                .extracting(step -> step.job().id())
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(Job::id).toList());

        seen.clear();
        WorkflowReport cancelled = workflows.cancel(submitted.graph().workflow().id());

        assertThat(cancelled.status().state()).isEqualTo(WorkflowState.CANCELLED);
        assertThat(seen).extracting(JobLifecycle::event).contains(LifecycleEvent.CANCELLED);
    }

    @Test
    void aBatchsJobsAreObservedAsCreated() {
        ManageBatches batches = new ManageBatches(new ObservedBatchRepository(store, recording), clock, new Random(5));

        ManageBatches.Submitted submitted =
                batches.submit(null, List.of(JobRequest.ofType("one"), JobRequest.ofType("two")), Map.of(), null);

        assertThat(seen)
                .extracting(JobLifecycle::event)
                .containsExactly(LifecycleEvent.CREATED, LifecycleEvent.CREATED);
        assertThat(seen)
                .extracting(step -> step.job().id())
                .containsExactlyInAnyOrderElementsOf(
                        submitted.jobs().stream().map(Job::id).toList());
    }
}
