/**
 * Workflows as a view over jobs (docs/WORKFLOWS.md, "Workflows"): a named graph of jobs submitted at once
 * ({@link dev.jobprocessor.domain.workflow.Workflow}), and the state the workflow is in, derived from its jobs'
 * states by {@link dev.jobprocessor.domain.workflow.WorkflowStatus} — never stored, so it cannot drift from them.
 */
package dev.jobprocessor.domain.workflow;
