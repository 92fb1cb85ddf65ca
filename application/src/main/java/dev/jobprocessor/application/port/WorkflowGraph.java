package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.workflow.Workflow;
import java.util.List;
import java.util.Objects;

/**
 * A workflow as read in one snapshot: the workflow, its jobs that still exist (oldest first) and the edges between
 * them. An edge to a job that retention has purged is left out with the job.
 */
public record WorkflowGraph(Workflow workflow, List<Job> jobs, List<Edge> edges) {

    /** {@code child} depends on {@code parent}. */
    public record Edge(JobId parent, JobId child) {

        public Edge {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(child, "child");
        }
    }

    public WorkflowGraph {
        Objects.requireNonNull(workflow, "workflow");
        jobs = List.copyOf(jobs);
        edges = List.copyOf(edges);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a workflow graph holds at least one job");
        }
    }
}
