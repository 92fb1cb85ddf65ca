package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.DueDelivery;
import dev.jobprocessor.application.port.WebhookMessage;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.application.port.WebhookTransport;
import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import dev.jobprocessor.domain.webhook.RetrySchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One round of the webhook delivery worker (docs/WEBHOOKS.md): claims the due deliveries, sends each one's next
 * attempt at the same time as the others (a slow receiver delays only its own), and records each outcome with the
 * step the {@link RetrySchedule} decides. A claim lasts past the attempt's time-out, so a process that dies mid-round
 * leaves its deliveries to another process once the claim runs out; a receiver may then see one event twice, with
 * the same {@code webhook-id}.
 */
public final class DeliverWebhooks {

    /** Deliveries claimed per round. */
    public static final int ROUND = 32;

    private final WebhookOutbox outbox;
    private final WebhookTransport transport;
    private final RetrySchedule schedule;
    private final Duration claim;
    private final Clock clock;
    private final WebhookSecret serviceSecret;
    private final QueueWebhooks queues;

    /**
     * {@code attemptTimeout} bounds one attempt; the claim lasts twice that and ten seconds more. Each delivery is
     * signed with its job's queue's secret ({@code queues}, {@code null} when queues have none), else with
     * {@code serviceSecret} ({@code JOBS_WEBHOOK_SECRET}, {@code null} when unset); one without either is refused.
     */
    public DeliverWebhooks(
            WebhookOutbox outbox,
            WebhookTransport transport,
            RetrySchedule schedule,
            Duration attemptTimeout,
            Clock clock,
            WebhookSecret serviceSecret,
            QueueWebhooks queues) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.claim = attemptTimeout.multipliedBy(2).plusSeconds(10);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serviceSecret = serviceSecret;
        this.queues = queues;
    }

    /** What one attempt did, for the caller's log and metrics. */
    public record Sent(DueDelivery delivery, DeliveryAttempt attempt, DeliveryStep next, boolean recorded) {}

    /** Sends every due delivery's next attempt (at most {@link #ROUND}); answers what each did. */
    public List<Sent> deliverDue() {
        Instant now = clock.now();
        List<DueDelivery> due = outbox.claimDue(now, now.plus(claim), ROUND);
        if (due.isEmpty()) {
            return List.of();
        }
        List<Sent> sent = new ArrayList<>(due.size());
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Sent>> attempts = new ArrayList<>(due.size());
            for (DueDelivery delivery : due) {
                attempts.add(senders.submit(() -> attempt(delivery)));
            }
            for (Future<Sent> attempt : attempts) {
                sent.add(attempt.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // attempt() catches what a transport throws; anything else is the outbox failing, for the caller's loop.
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
        return sent;
    }

    private Sent attempt(DueDelivery delivery) {
        Instant started = clock.now();
        WebhookSecret secret =
                queues == null ? null : queues.of(delivery.event().queue()).secret();
        if (secret == null) {
            secret = serviceSecret;
        }
        DeliveryOutcome outcome;
        if (secret == null) {
            outcome = new DeliveryOutcome.Refused("no secret signs the webhooks of queue "
                    + delivery.event().queue() + ": set JOBS_WEBHOOK_SECRET or the queue's webhook_secret");
        } else {
            WebhookMessage message = new WebhookMessage(
                    delivery.id(), delivery.url(), started, delivery.event().finishedAt(), delivery.event(), secret);
            try {
                outcome = transport.post(message);
            } catch (RuntimeException unexpected) {
                // A transport promises not to throw; if one does, the attempt still counts and is retried.
                outcome = new DeliveryOutcome.ConnectionFailed(String.valueOf(unexpected));
            }
        }
        Instant ended = clock.now();
        DeliveryAttempt attempt =
                new DeliveryAttempt(delivery.attemptsMade() + 1, started, outcome, Duration.between(started, ended));
        DeliveryStep next = schedule.after(attempt.number(), outcome, ended);
        boolean recorded = outbox.record(delivery.id(), attempt, next, ended);
        return new Sent(delivery, attempt, next, recorded);
    }
}
