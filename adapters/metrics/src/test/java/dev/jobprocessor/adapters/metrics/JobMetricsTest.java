package dev.jobprocessor.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import dev.jobprocessor.domain.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes after a known sequence of lifecycle steps. */
class JobMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final JobMetrics jobs = new JobMetrics(metrics.registry());
    private final Random random = new Random(1);
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void countsTheSubmissionsAUniqueJobKeptOutByThatJobsTypeAndQueue() {
        Job mail = create("mail", 3);
        jobs.duplicatesAvoided(List.of(mail, mail));

        assertThat(metrics.scrape()
                        .lines()
                        .filter(line -> line.startsWith("jobs_duplicates_avoided_total"))
                        .map(PrometheusSample::parse)
                        .toList())
                .singleElement()
                .satisfies(sample -> {
                    assertThat(sample.labels()).containsEntry("type", "mail").containsEntry("queue", "default");
                    assertThat(sample.value()).isEqualTo(2.0);
                });
    }

    @Test
    void countsEachStepByTypeAndQueueAndTimesAttemptsAndWaits() {
        Job mail = create("mail", 3);
        Job report = create("report", 1);
        jobs.observe(List.of(JobLifecycle.created(mail), JobLifecycle.created(report)));

        LeaseToken token = LeaseToken.random(random);
        Job running = mail.claim("w", token, Duration.ofSeconds(30), t0.plusMillis(200));
        jobs.observe(List.of(JobLifecycle.started(running)));
        Step retried = running.failing(token, Failure.retryable("boom"), attempt -> Duration.ZERO, t0.plusSeconds(1));
        jobs.observe(List.of(lifecycle(running, retried)));
        LeaseToken second = LeaseToken.random(random);
        Job again = retried.job().claim("w", second, Duration.ofSeconds(30), t0.plusSeconds(2));
        Step completed = again.completing(second, Json.EMPTY_OBJECT, t0.plusSeconds(5));
        jobs.observe(List.of(JobLifecycle.started(again), lifecycle(again, completed)));

        LeaseToken third = LeaseToken.random(random);
        Job reportRunning = report.claim("w", third, Duration.ofSeconds(30), t0);
        Step dead =
                reportRunning.failing(third, Failure.retryable("boom"), attempt -> Duration.ZERO, t0.plusSeconds(1));
        jobs.observe(List.of(lifecycle(reportRunning, dead)));

        String scrape = metrics.scrape();

        assertThat(value(scrape, "jobs_created_total", "mail")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_created_total", "report")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_started_total", "mail")).isEqualTo(2.0);
        assertThat(value(scrape, "jobs_retried_total", "mail")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_completed_total", "mail")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_dead_total", "report")).isEqualTo(1.0);
        assertThat(scrape).doesNotContain("jobs_failed_total{");
        // attempts of mail ran 0.8 s and 3 s; the report's attempt is not a started step here, but its end is timed
        assertThat(value(scrape, "job_duration_seconds_count", "mail")).isEqualTo(2.0);
        assertThat(value(scrape, "job_duration_seconds_sum", "mail")).isEqualTo(3.8);
        assertThat(value(scrape, "job_duration_seconds_bucket", "mail", "le=\"1.0\""))
                .isEqualTo(1.0);
        // mail waited 0.2 s the first time (due at t0) and 1 s the second (due again at t0 + 1 s)
        assertThat(value(scrape, "job_queue_wait_seconds_sum", "mail")).isEqualTo(1.2);
    }

    @Test
    void aHandBackCountsAsReleasedWithoutAnAttemptDurationOrARetry() {
        Job mail = create("mail", 3);
        LeaseToken token = LeaseToken.random(random);
        Job running = mail.claim("w", token, Duration.ofSeconds(30), t0);
        jobs.observe(List.of(JobLifecycle.started(running)));

        jobs.observe(List.of(lifecycle(running, running.releasing(token, t0.plusSeconds(1)))));

        String scrape = metrics.scrape();
        assertThat(value(scrape, "jobs_released_total", "mail")).isEqualTo(1.0);
        assertThat(scrape).doesNotContain("jobs_retried_total{");
        assertThat(scrape).doesNotContain("job_duration_seconds_count{");
    }

    @Test
    void aCancelRequestAndASnoozeAreCountedUnderTheirOwnNames() {
        Job mail = create("mail", 3);
        LeaseToken token = LeaseToken.random(random);
        Job running = mail.claim("w", token, Duration.ofSeconds(30), t0);
        Job snoozed = running.snooze(token, Duration.ofSeconds(5), t0.plusSeconds(1));
        jobs.observe(List.of(lifecycle(running, running.snoozing(token, Duration.ofSeconds(5), t0.plusSeconds(1)))));
        LeaseToken again = LeaseToken.random(random);
        Job second = snoozed.claim("w", again, Duration.ofSeconds(30), t0.plusSeconds(6));
        Job requested = second.requestingCancel(t0.plusSeconds(7)).job();

        jobs.observe(List.of(lifecycle(second, second.requestingCancel(t0.plusSeconds(7)))));
        jobs.observe(List.of(lifecycle(requested, requested.completing(again, mail.payload(), t0.plusSeconds(8)))));

        String scrape = metrics.scrape();
        assertThat(value(scrape, "jobs_snoozed_total", "mail")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_cancel_requested_total", "mail")).isEqualTo(1.0);
        assertThat(value(scrape, "jobs_cancelled_total", "mail")).isEqualTo(1.0);
        assertThat(scrape).doesNotContain("jobs_completed_total{");
        assertThat(scrape).doesNotContain("jobs_retried_total{");
    }

    @Test
    void gaugesShowTheLastCountsReadPerQueue() {
        QueueGauges gauges = new QueueGauges(metrics.registry(), List.of());
        gauges.update(List.of(
                new JobCount("bulk", "mail", JobState.PENDING, 7, 0),
                new JobCount("bulk", "sms", JobState.PENDING, 3, 0),
                new JobCount("bulk", "mail", JobState.RUNNING, 2, 2),
                new JobCount("fast", "mail", JobState.COMPLETED, 9, 9)));

        String scrape = metrics.scrape();
        assertThat(sample(scrape, "jobs_pending", Map.of("queue", "bulk"))).isEqualTo(10.0);
        assertThat(sample(scrape, "jobs_running", Map.of("queue", "bulk"))).isEqualTo(2.0);
        assertThat(sample(scrape, "jobs_pending", Map.of("queue", "fast"))).isZero();

        gauges.update(List.of(new JobCount("bulk", "mail", JobState.PENDING, 1, 0)));
        String later = metrics.scrape();
        assertThat(sample(later, "jobs_pending", Map.of("queue", "bulk"))).isEqualTo(1.0);
        assertThat(later).doesNotContain("queue=\"fast\"");
    }

    private static JobLifecycle lifecycle(Job before, Step step) {
        return JobLifecycle.of(step.transition(), before, step.job()).orElseThrow();
    }

    @Test
    void theConfiguredQueuesShowFromTheFirstScrapeAndStayWhenEmpty() {
        QueueGauges gauges = new QueueGauges(metrics.registry(), List.of("default", "mail"));

        String first = metrics.scrape();
        for (String queue : List.of("default", "mail")) {
            assertThat(sample(first, "jobs_pending", Map.of("queue", queue))).isZero();
            assertThat(sample(first, "jobs_running", Map.of("queue", queue))).isZero();
        }

        gauges.update(List.of(
                new JobCount("mail", "send", JobState.PENDING, 4, 0),
                new JobCount("reports", "render", JobState.RUNNING, 1, 1)));
        String later = metrics.scrape();
        assertThat(sample(later, "jobs_pending", Map.of("queue", "mail"))).isEqualTo(4.0);
        assertThat(sample(later, "jobs_running", Map.of("queue", "reports"))).isEqualTo(1.0);
        assertThat(sample(later, "jobs_pending", Map.of("queue", "default"))).isZero();
        assertThat(sample(later, "jobs_running", Map.of("queue", "default"))).isZero();
    }

    @Test
    void tableHealthGaugesShowTheLastReadingAndNaNBeforeIt() {
        TableHealthGauges gauges = new TableHealthGauges(metrics.registry());
        List<String> names = List.of(
                "jobs_table_live_tuples",
                "jobs_table_dead_tuples",
                "jobs_table_bytes",
                "jobs_table_seconds_since_autovacuum",
                "jobs_oldest_transaction_age_seconds");

        String first = metrics.scrape();
        for (String name : names) {
            assertThat(sample(first, name, Map.of()))
                    .as(name + " before any reading")
                    .isNaN();
        }

        gauges.update(Optional.of(new TableHealth(
                t0,
                150_000,
                4_200,
                123_456_789,
                23_456_789,
                Optional.of(t0.minusSeconds(90)),
                Optional.of(t0.minusMillis(754_250)),
                17,
                Optional.of(new OpenTransaction(4711, t0.minusMillis(61_500), "idle in transaction", "psql", true)))));
        String later = metrics.scrape();
        assertThat(sample(later, "jobs_table_live_tuples", Map.of())).isEqualTo(150_000.0);
        assertThat(sample(later, "jobs_table_dead_tuples", Map.of())).isEqualTo(4_200.0);
        assertThat(sample(later, "jobs_table_bytes", Map.of())).isEqualTo(123_456_789.0);
        assertThat(sample(later, "jobs_table_seconds_since_autovacuum", Map.of()))
                .isEqualTo(754.25);
        assertThat(sample(later, "jobs_oldest_transaction_age_seconds", Map.of()))
                .isEqualTo(61.5);

        gauges.update(Optional.of(
                new TableHealth(t0, 0, 0, 8_192, 8_192, Optional.empty(), Optional.empty(), 0, Optional.empty())));
        String quiet = metrics.scrape();
        assertThat(sample(quiet, "jobs_table_seconds_since_autovacuum", Map.of()))
                .as("never autovacuumed")
                .isNaN();
        assertThat(sample(quiet, "jobs_oldest_transaction_age_seconds", Map.of()))
                .as("nothing open")
                .isZero();
        quiet.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(PrometheusSample::parse);

        gauges.update(Optional.empty());
        assertThat(sample(metrics.scrape(), "jobs_table_dead_tuples", Map.of())).isNaN();
    }

    @Test
    void theScrapeIsWellFormedPrometheusTextWithJvmAndHttpMetrics() {
        new HttpRequestMetrics(metrics.registry()).record("GET", "/jobs/{id}", 200, Duration.ofMillis(3));
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        WorkerGauges.register(metrics.registry(), "w-1", 8, () -> 3, () -> 5, up::get);

        String scrape = metrics.scrape();

        assertThat(sample(
                        scrape,
                        "http_server_requests_seconds_count",
                        Map.of("method", "GET", "route", "/jobs/{id}", "status", "200")))
                .isEqualTo(1.0);
        assertThat(sample(scrape, "worker_slots_busy", Map.of("worker", "w-1"))).isEqualTo(3.0);
        assertThat(sample(scrape, "worker_slots", Map.of("worker", "w-1"))).isEqualTo(8.0);
        assertThat(sample(scrape, "worker_buffered", Map.of("worker", "w-1"))).isEqualTo(5.0);
        assertThat(sample(scrape, "worker_up", Map.of("worker", "w-1"))).isEqualTo(1.0);
        up.set(false);
        assertThat(sample(metrics.scrape(), "worker_up", Map.of("worker", "w-1")))
                .as("once the worker stops")
                .isEqualTo(0.0);
        assertThat(scrape).contains("jvm_memory_used_bytes", "jvm_threads_live_threads");
        // every line is a comment or a sample the text format allows
        scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(PrometheusSample::parse);
    }

    private Job create(String type, int maxAttempts) {
        return Job.create(
                JobId.newId(t0, random),
                JobRequest.ofType(type).withMaxAttempts(maxAttempts).validate(),
                t0);
    }

    /** The value of the sample of {@code name} for job type {@code type} (and the extra labels, if given). */
    private static double value(String scrape, String name, String type, String... extraLabels) {
        return sample(scrape, name, labels("type", type, extraLabels));
    }

    private static Map<String, String> labels(String key, String value, String... more) {
        Map<String, String> labels = new HashMap<>();
        labels.put(key, value);
        for (String pair : more) {
            String[] kv = pair.split("=", 2);
            labels.put(kv[0], kv[1].replace("\"", ""));
        }
        return labels;
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    static double sample(String scrape, String name, Map<String, String> labels) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(PrometheusSample::parse)
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(PrometheusSample::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in\n" + scrape));
    }
}
