package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;

/**
 * The deliveries of completion webhooks (docs/WEBHOOKS.md). A store records a delivery itself, in the transaction
 * that ends a job with a callback URL, so no end is told twice or lost; this port hands the due ones out and keeps
 * their history.
 */
public interface WebhookOutbox {

    /**
     * Up to {@code limit} pending deliveries whose next attempt is due at {@code now}, oldest first, each claimed until
     * {@code claimedUntil}: no other caller gets it before then, and a caller that dies leaves it to be taken again.
     */
    List<DueDelivery> claimDue(Instant now, Instant claimedUntil, int limit);

    /**
     * Adds {@code attempt} to the delivery's history and moves it as {@code next} says, unless another caller has
     * recorded that attempt first (its claim ran out): then nothing changes and the answer is {@code false}.
     */
    boolean record(String deliveryId, DeliveryAttempt attempt, DeliveryStep next, Instant now);

    /** The job's deliveries with their attempts, oldest first; empty for a job without any. */
    List<WebhookDelivery> deliveriesOf(JobId job);

    /**
     * Deletes up to {@code limit} delivered or dead deliveries that ended before {@code endedBefore}, with their
     * attempts, and answers how many went. A pending delivery is never deleted, whatever its age.
     */
    int purgeEnded(Instant endedBefore, int limit);
}
