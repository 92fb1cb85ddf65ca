package dev.jobprocessor.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryStep;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code webhook_attempts_total} as Prometheus scrapes it. */
class WebhookMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final WebhookMetrics webhooks = new WebhookMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void countsAttemptsByWhatTheyFoundAndWhatFollowed() {
        DeliveryStep retry = new DeliveryStep.RetryAt(Instant.EPOCH);
        webhooks.attempted(new DeliveryOutcome.Answered(500, ""), retry);
        webhooks.attempted(new DeliveryOutcome.Answered(503, "busy"), retry);
        webhooks.attempted(new DeliveryOutcome.Answered(200, ""), new DeliveryStep.Delivered());
        webhooks.attempted(new DeliveryOutcome.TimedOut(), new DeliveryStep.GiveUp("timed out"));
        webhooks.attempted(new DeliveryOutcome.Refused("loopback"), new DeliveryStep.GiveUp("refused"));

        List<PrometheusSample> samples = metrics.scrape()
                .lines()
                .filter(line -> line.startsWith("webhook_attempts_total"))
                .map(PrometheusSample::parse)
                .toList();

        assertThat(samples)
                .extracting(s -> s.labels().get("outcome"), s -> s.labels().get("result"), PrometheusSample::value)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("answered", "retry", 2.0),
                        Tuple.tuple("answered", "delivered", 1.0),
                        Tuple.tuple("timed_out", "dead", 1.0),
                        Tuple.tuple("refused", "dead", 1.0));
    }
}
