package dev.jobprocessor.bootstrap;

import dev.jobprocessor.adapters.metrics.WebhookMetrics;
import dev.jobprocessor.application.DeliverWebhooks;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DeliverWebhooks} on a thread of its own, so a slow receiver never holds up the maintenance tasks: a
 * round every {@code interval}, or at once after a full round (a backlog drains without waiting). A failing store is
 * logged once per change of its message and retried at the next round; the loop never dies and never spins.
 */
final class WebhookDeliveryLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryLoop.class);

    private final DeliverWebhooks deliver;
    private final Duration interval;
    private final WebhookMetrics metrics;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-delivery").daemon().factory());
    private String lastFailure;

    WebhookDeliveryLoop(DeliverWebhooks deliver, Duration interval, WebhookMetrics metrics) {
        this.deliver = Objects.requireNonNull(deliver, "deliver");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    void start() {
        thread.schedule(this::round, 0, TimeUnit.MILLISECONDS);
    }

    private void round() {
        Duration next = interval;
        try {
            List<DeliverWebhooks.Sent> sent = deliver.deliverDue();
            for (DeliverWebhooks.Sent one : sent) {
                metrics.attempted(one.attempt().outcome(), one.next());
                log(one);
            }
            if (sent.size() == DeliverWebhooks.ROUND) {
                next = Duration.ZERO;
            }
            if (lastFailure != null) {
                LOG.info("webhook deliveries run again");
                lastFailure = null;
            }
        } catch (RuntimeException failure) {
            if (!String.valueOf(failure.getMessage()).equals(lastFailure)) {
                LOG.warn(
                        "webhook deliveries cannot run now, retrying every {} ms: {}",
                        interval.toMillis(),
                        failure.toString());
                lastFailure = String.valueOf(failure.getMessage());
            }
        }
        if (!thread.isShutdown()) {
            thread.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void log(DeliverWebhooks.Sent sent) {
        String delivery = sent.delivery().id();
        String job = sent.delivery().event().jobId().toString();
        String outcome = sent.attempt().outcome().describe();
        switch (sent.next()) {
            case DeliveryStep.Delivered delivered ->
                LOG.debug(
                        "webhook {} of job {} delivered on attempt {}",
                        delivery,
                        job,
                        sent.attempt().number());
            case DeliveryStep.RetryAt retry ->
                LOG.info(
                        "webhook {} of job {}: attempt {} {}; next attempt at {}",
                        delivery,
                        job,
                        sent.attempt().number(),
                        outcome,
                        retry.at());
            case DeliveryStep.GiveUp giveUp ->
                LOG.warn("webhook {} of job {} is dead: {}", delivery, job, giveUp.reason());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
