package dev.jobprocessor.domain.workflow;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobStateCounts;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow's state and what it rests on: {@code failedJob} is the job that failed it (only for {@link
 * WorkflowState#FAILED}), and {@code totals} count its jobs by state, every state present.
 */
public record WorkflowStatus(WorkflowState state, JobId failedJob, Map<JobState, Integer> totals) {

    /** The first job to fail or die is the one that failed the workflow; ties (same instant) go to the lower id. */
    private static final Comparator<Job> FIRST_TO_FAIL =
            Comparator.comparing(Job::finishedAt).thenComparing(Job::id);

    public WorkflowStatus {
        Objects.requireNonNull(state, "state");
        if ((state == WorkflowState.FAILED) != (failedJob != null)) {
            throw new IllegalArgumentException("a failed workflow names the job that failed it, and only a failed one");
        }
        totals = Map.copyOf(totals);
    }

    /**
     * The status of a workflow whose jobs are {@code jobs} (at least one): failed when any job ended failed or dead;
     * otherwise running while any job has not ended; otherwise cancelled when any job was cancelled; otherwise
     * completed.
     */
    public static WorkflowStatus of(Collection<Job> jobs) {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a workflow has at least one job");
        }
        Map<JobState, Integer> totals = JobStateCounts.of(jobs);
        JobId failed = jobs.stream()
                .filter(job -> job.state() == JobState.FAILED || job.state() == JobState.DEAD)
                .min(FIRST_TO_FAIL)
                .map(Job::id)
                .orElse(null);
        if (failed != null) {
            return new WorkflowStatus(WorkflowState.FAILED, failed, totals);
        }
        boolean allEnded = jobs.stream().allMatch(job -> job.state().isTerminal());
        WorkflowState state;
        if (!allEnded) {
            state = WorkflowState.RUNNING;
        } else if (totals.get(JobState.CANCELLED) > 0) {
            state = WorkflowState.CANCELLED;
        } else {
            state = WorkflowState.COMPLETED;
        }
        return new WorkflowStatus(state, null, totals);
    }
}
