package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jobprocessor.domain.Job;
import java.util.List;

/**
 * A job handed to the worker that claimed it: the job, plus the lease token only this worker ever receives. Its
 * {@code traceparent} is the trace the job was submitted in, for the worker to continue (docs/OBSERVABILITY.md).
 */
record LeasedJobView(
        String id,
        String type,
        String queue,
        @JsonRawValue String payload,
        int priority,
        String state,
        int attempts,
        int maxAttempts,
        String runAt,
        int timeoutSeconds,
        String idempotencyKey,
        String concurrencyKey,
        @JsonRawValue String result,
        String lastError,
        List<JobView.ErrorView> errors,
        String leaseOwner,
        String leaseExpiresAt,
        String createdAt,
        String updatedAt,
        String startedAt,
        String finishedAt,
        int snoozes,
        boolean cancelRequested,
        String cancelRequestedAt,
        String traceparent,
        String leaseToken) {

    static LeasedJobView from(Job job) {
        JobView view = JobView.from(job);
        return new LeasedJobView(
                view.id(),
                view.type(),
                view.queue(),
                view.payload(),
                view.priority(),
                view.state(),
                view.attempts(),
                view.maxAttempts(),
                view.runAt(),
                view.timeoutSeconds(),
                view.idempotencyKey(),
                view.concurrencyKey(),
                view.result(),
                view.lastError(),
                view.errors(),
                view.leaseOwner(),
                view.leaseExpiresAt(),
                view.createdAt(),
                view.updatedAt(),
                view.startedAt(),
                view.finishedAt(),
                view.snoozes(),
                view.cancelRequested(),
                view.cancelRequestedAt(),
                view.traceparent(),
                job.leaseToken().value());
    }
}
