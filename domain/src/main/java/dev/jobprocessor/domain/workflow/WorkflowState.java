package dev.jobprocessor.domain.workflow;

import java.util.Locale;

/** Where a workflow is, as {@link WorkflowStatus#of} derives it from its jobs. */
public enum WorkflowState {
    /** Some job has not ended yet, and none failed or died. */
    RUNNING,
    /** Every job completed. */
    COMPLETED,
    /**
     * A job ended failed or dead: the workflow cannot complete unless an operator retries it. Reported as soon as it
     * happens, even while jobs that do not depend on the failed one still run.
     */
    FAILED,
    /** Every job ended, none failed or died, and at least one was cancelled. */
    CANCELLED;

    /** The name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
