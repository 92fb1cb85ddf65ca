package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.util.List;
import java.util.Optional;

/**
 * Where workflows live (docs/WORKFLOWS.md, "Workflows"): a workflow row and the jobs that belong to it. The jobs
 * themselves are the {@link JobRepository}'s, and change through it; this port only groups them.
 *
 * <p>The contract suite ({@code WorkflowRepositoryContract} in this module's test-jar) is the executable specification.
 * Any method may throw {@link StoreUnavailableException}.
 */
public interface WorkflowRepository {

    /**
     * Stores the workflow and its jobs, all or nothing, as {@link JobRepository#enqueue} stores jobs; the jobs are
     * given parents first and depend only on each other. They carry no idempotency or unique key, so every one is
     * created. Workers are woken as for any enqueue.
     */
    List<Enqueued> create(Workflow workflow, List<Submission> submissions);

    /**
     * The workflow with its jobs and edges, read in one snapshot; empty when no workflow has this id, or when
     * retention has purged all of its jobs.
     */
    Optional<WorkflowGraph> findWorkflow(WorkflowId id);
}
