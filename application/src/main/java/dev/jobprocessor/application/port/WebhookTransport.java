package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.webhook.DeliveryOutcome;

/**
 * Sends one attempt of a delivery: signs it, checks its destination after resolving the host, POSTs it without
 * following redirects, and names what happened. Never throws for what the receiver or the network does; that is
 * the outcome.
 */
@FunctionalInterface
public interface WebhookTransport {

    DeliveryOutcome post(WebhookMessage message);
}
