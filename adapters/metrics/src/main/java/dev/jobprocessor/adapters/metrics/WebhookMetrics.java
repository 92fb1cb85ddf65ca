package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the webhook attempts this process made ({@code webhook_attempts_total}), by what the attempt found
 * ({@code outcome}: answered, timed_out, connection_failed, refused) and what the delivery did next ({@code result}:
 * delivered, retry, dead). Not by URL or queue: receivers are chosen by clients, and each would be a series.
 */
public final class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void attempted(DeliveryOutcome outcome, DeliveryStep next) {
        String found = switch (outcome) {
            case DeliveryOutcome.Answered answered -> "answered";
            case DeliveryOutcome.TimedOut timedOut -> "timed_out";
            case DeliveryOutcome.ConnectionFailed failed -> "connection_failed";
            case DeliveryOutcome.Refused refused -> "refused";
        };
        String result = switch (next) {
            case DeliveryStep.Delivered delivered -> "delivered";
            case DeliveryStep.RetryAt retry -> "retry";
            case DeliveryStep.GiveUp giveUp -> "dead";
        };
        Counter.builder("webhook.attempts")
                .description("Webhook delivery attempts, by what each found and what the delivery did next")
                .tags("outcome", found, "result", result)
                .register(registry)
                .increment();
    }
}
