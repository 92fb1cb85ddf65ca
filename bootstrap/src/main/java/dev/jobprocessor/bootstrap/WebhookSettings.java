package dev.jobprocessor.bootstrap;

import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.AllowedDestinations;
import dev.jobprocessor.domain.webhook.RetrySchedule;
import java.time.Duration;

/**
 * How completion webhooks are signed and sent ({@code JOBS_WEBHOOK_*}, docs/WEBHOOKS.md). Webhooks are on when
 * {@code secret} is set: without one a {@code callback_url} is refused at submit and this process delivers nothing.
 */
public record WebhookSettings(
        WebhookSecret secret,
        AllowedDestinations allowedDestinations,
        RetrySchedule retries,
        Duration timeout,
        Duration interval,
        Duration retention) {

    public boolean enabled() {
        return secret != null;
    }
}
