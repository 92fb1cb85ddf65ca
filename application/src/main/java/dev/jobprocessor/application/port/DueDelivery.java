package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import java.time.Instant;
import java.util.Objects;

/** A delivery claimed for its next attempt: {@code attemptsMade} before this one, the event as the job ended. */
public record DueDelivery(String id, CallbackUrl url, int attemptsMade, WebhookEvent event, Instant createdAt) {

    public DueDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
