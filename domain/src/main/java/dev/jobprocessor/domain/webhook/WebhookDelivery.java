package dev.jobprocessor.domain.webhook;

import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event on its way to one URL, with its history: {@code id} is the {@code webhook-id} every attempt sends, so a
 * receiver recognises a repeat. {@code nextAttemptAt} is set while it is pending, {@code finishedAt} once it is
 * delivered or dead, and {@code lastError} says why a dead one was given up.
 */
public record WebhookDelivery(
        String id,
        JobId jobId,
        WebhookEventType event,
        String url,
        DeliveryState state,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant finishedAt,
        String lastError,
        List<DeliveryAttempt> attempts) {

    public WebhookDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        attempts = List.copyOf(attempts);
        if ((finishedAt == null) != (state == DeliveryState.PENDING)) {
            throw new IllegalArgumentException("finishedAt is set if and only if the delivery has ended");
        }
    }
}
