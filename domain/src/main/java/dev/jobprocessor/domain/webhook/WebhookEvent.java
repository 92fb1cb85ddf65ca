package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * What a delivery says about a job, taken when the job ended and sent unchanged by every attempt: the job as it was
 * then (a later retry by an operator makes a new event, it does not change this one). {@code result} is set for a
 * completed job, {@code lastError} for one that failed, died or was cancelled after a failure.
 */
public record WebhookEvent(
        JobId jobId,
        String type,
        String queue,
        JobState state,
        int attempts,
        int maxAttempts,
        Json result,
        String lastError,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public WebhookEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        WebhookEventType.of(state);
    }

    /** The event of {@code job}, which has just ended. */
    public static WebhookEvent of(Job job) {
        return new WebhookEvent(
                job.id(),
                job.type(),
                job.queue(),
                job.state(),
                job.attempts(),
                job.maxAttempts(),
                job.result(),
                job.lastError(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt());
    }

    public WebhookEventType eventType() {
        return WebhookEventType.of(state);
    }
}
