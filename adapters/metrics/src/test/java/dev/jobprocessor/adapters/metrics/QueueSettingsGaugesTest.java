package dev.jobprocessor.adapters.metrics;

import static dev.jobprocessor.adapters.metrics.JobMetricsTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueuePause;
import dev.jobprocessor.domain.QueueRetention;
import dev.jobprocessor.domain.RateLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueSettingsGaugesTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final QueueSettingsGauges gauges = new QueueSettingsGauges(metrics.registry());

    @Test
    void showPausesLimitsAndWhetherALimitIsReached() {
        gauges.update(
                List.of(
                        new Queue("bulk", new QueuePause(T, "ops"), null, T, T),
                        new Queue("mail", null, 3, T, T),
                        new Queue("sms", null, 5, T, T)),
                List.of(
                        new JobCount("mail", "send", JobState.RUNNING, 2, 2),
                        new JobCount("mail", "digest", JobState.RUNNING, 1, 1),
                        new JobCount("sms", "send", JobState.RUNNING, 4, 4)));

        String scrape = metrics.scrape();
        assertThat(sample(scrape, "jobs_queue_paused", Map.of("queue", "bulk"))).isEqualTo(1.0);
        assertThat(sample(scrape, "jobs_queue_paused", Map.of("queue", "mail"))).isZero();
        assertThat(sample(scrape, "jobs_queue_concurrency_limit", Map.of("queue", "mail")))
                .isEqualTo(3.0);
        assertThat(sample(scrape, "jobs_queue_limit_reached", Map.of("queue", "mail")))
                .isEqualTo(1.0);
        assertThat(sample(scrape, "jobs_queue_limit_reached", Map.of("queue", "sms")))
                .isZero();
        assertThat(scrape).doesNotContain("jobs_queue_concurrency_limit{queue=\"bulk\"}");

        gauges.update(List.of(new Queue("mail", null, null, T, T)), List.of());
        String later = metrics.scrape();
        assertThat(sample(later, "jobs_queue_paused", Map.of("queue", "mail"))).isZero();
        assertThat(later).doesNotContain("jobs_queue_concurrency_limit{").doesNotContain("queue=\"bulk\"");
    }

    @Test
    void showRateAndKeyLimitsOnlyForQueuesThatHaveThem() {
        gauges.update(
                List.of(
                        new Queue("mail", null, null, new RateLimit(30, 60), 4, QueueRetention.NONE, T, T),
                        new Queue("sms", null, null, T, T)),
                List.of());

        String scrape = metrics.scrape();
        assertThat(sample(scrape, "jobs_queue_rate_limit_per_second", Map.of("queue", "mail")))
                .isEqualTo(0.5);
        assertThat(sample(scrape, "jobs_queue_key_limit", Map.of("queue", "mail")))
                .isEqualTo(4.0);
        assertThat(scrape)
                .doesNotContain("jobs_queue_rate_limit_per_second{queue=\"sms\"}")
                .doesNotContain("jobs_queue_key_limit{queue=\"sms\"}");
    }
}
