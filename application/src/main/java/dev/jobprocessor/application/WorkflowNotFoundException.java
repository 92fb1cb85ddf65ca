package dev.jobprocessor.application;

import dev.jobprocessor.domain.workflow.WorkflowId;

/** No workflow has the requested id, or retention has purged all of its jobs. */
public final class WorkflowNotFoundException extends RuntimeException {

    private final WorkflowId id;

    public WorkflowNotFoundException(WorkflowId id) {
        super("workflow " + id + " does not exist");
        this.id = id;
    }

    public WorkflowId id() {
        return id;
    }
}
