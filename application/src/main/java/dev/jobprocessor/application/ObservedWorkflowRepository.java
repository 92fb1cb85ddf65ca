package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.util.List;
import java.util.Optional;

/**
 * A workflow store whose new jobs are told to the {@link JobObserver}, as {@link ObservedJobRepository} tells those of
 * every other submit: a workflow's jobs count in {@code jobs_created_total} and the lifecycle log like any job.
 */
public final class ObservedWorkflowRepository implements WorkflowRepository {

    private final WorkflowRepository store;
    private final JobObserver observer;

    public ObservedWorkflowRepository(WorkflowRepository store, JobObserver observer) {
        this.store = store;
        this.observer = observer;
    }

    @Override
    public List<Enqueued> create(Workflow workflow, List<Submission> submissions) {
        List<Enqueued> stored = store.create(workflow, submissions);
        ObservedJobRepository.tellCreated(observer, stored);
        return stored;
    }

    @Override
    public Optional<WorkflowGraph> findWorkflow(WorkflowId id) {
        return store.findWorkflow(id);
    }
}
