package dev.jobprocessor.application;

import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.domain.workflow.WorkflowStatus;
import java.util.Objects;

/** A workflow as read, with the status its jobs give it. */
public record WorkflowReport(WorkflowGraph graph, WorkflowStatus status) {

    public WorkflowReport {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(status, "status");
    }

    static WorkflowReport of(WorkflowGraph graph) {
        return new WorkflowReport(graph, WorkflowStatus.of(graph.jobs()));
    }
}
