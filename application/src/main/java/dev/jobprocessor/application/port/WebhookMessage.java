package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to send: {@code id} is the delivery's {@code webhook-id}, the same on every attempt; {@code timestamp}
 * is this attempt's {@code webhook-timestamp}; {@code occurredAt} is when the job ended; {@code secret} signs it (the
 * queue's, else the service's).
 */
public record WebhookMessage(
        String id, CallbackUrl url, Instant timestamp, Instant occurredAt, WebhookEvent event, WebhookSecret secret) {

    public WebhookMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(secret, "secret");
    }
}
