package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.DueDelivery;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryState;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The webhook outbox of {@link InMemoryJobRepository}, guarded by its lock: a delivery is recorded in the same step
 * that stores a job's end, as PostgreSQL's trigger does in the same transaction (docs/WEBHOOKS.md).
 */
final class InMemoryWebhooks {

    /** A delivery, its event as the job ended, and when its next attempt is due (claims move it). */
    private record Entry(WebhookDelivery delivery, WebhookEvent event, Instant due) {}

    private final Map<String, Entry> deliveries = new LinkedHashMap<>();

    /**
     * Records a delivery when {@code after} is the end of a job with a callback URL: it entered a final state from
     * another state (what the trigger of migration V16 sees).
     */
    void moved(Job before, Job after, RandomGenerator random) {
        if (after.callbackUrl() == null
                || !after.state().isTerminal()
                || (before != null && before.state() == after.state())) {
            return;
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String id = "msg_" + HexFormat.of().formatHex(bits);
        WebhookEvent event = WebhookEvent.of(after);
        WebhookDelivery delivery = new WebhookDelivery(
                id,
                after.id(),
                event.eventType(),
                after.callbackUrl().text(),
                DeliveryState.PENDING,
                after.finishedAt(),
                after.finishedAt(),
                null,
                null,
                List.of());
        deliveries.put(id, new Entry(delivery, event, after.finishedAt()));
    }

    List<DueDelivery> claimDue(Instant now, Instant claimedUntil, int limit) {
        List<Entry> due = deliveries.values().stream()
                .filter(entry -> entry.delivery().state() == DeliveryState.PENDING
                        && !entry.due().isAfter(now))
                .sorted(Comparator.comparing(Entry::due))
                .limit(limit)
                .toList();
        List<DueDelivery> claimed = new ArrayList<>(due.size());
        for (Entry entry : due) {
            WebhookDelivery delivery = entry.delivery();
            deliveries.put(delivery.id(), new Entry(delivery, entry.event(), claimedUntil));
            claimed.add(new DueDelivery(
                    delivery.id(),
                    CallbackUrl.parse(delivery.url()),
                    delivery.attempts().size(),
                    entry.event(),
                    delivery.createdAt()));
        }
        return claimed;
    }

    boolean record(String deliveryId, DeliveryAttempt attempt, DeliveryStep next, Instant now) {
        Entry entry = deliveries.get(deliveryId);
        if (entry == null
                || entry.delivery().state() != DeliveryState.PENDING
                || entry.delivery().attempts().size() != attempt.number() - 1) {
            return false;
        }
        WebhookDelivery before = entry.delivery();
        List<DeliveryAttempt> attempts = new ArrayList<>(before.attempts());
        attempts.add(attempt);
        Instant nextAt = next instanceof DeliveryStep.RetryAt(Instant at) ? at : null;
        WebhookDelivery after = new WebhookDelivery(
                before.id(),
                before.jobId(),
                before.event(),
                before.url(),
                next.state(),
                before.createdAt(),
                nextAt,
                next.state() == DeliveryState.PENDING ? null : now,
                next instanceof DeliveryStep.GiveUp(String reason) ? reason : null,
                attempts);
        deliveries.put(deliveryId, new Entry(after, entry.event(), nextAt == null ? entry.due() : nextAt));
        return true;
    }

    List<WebhookDelivery> of(JobId job) {
        return deliveries.values().stream()
                .map(Entry::delivery)
                .filter(delivery -> delivery.jobId().equals(job))
                .toList();
    }

    int purgeEnded(Instant endedBefore, int limit) {
        List<String> ended = deliveries.values().stream()
                .map(Entry::delivery)
                .filter(delivery ->
                        delivery.finishedAt() != null && delivery.finishedAt().isBefore(endedBefore))
                .limit(limit)
                .map(WebhookDelivery::id)
                .toList();
        ended.forEach(deliveries::remove);
        return ended.size();
    }
}
