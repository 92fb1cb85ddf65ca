package dev.jobprocessor.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schedules' counters as Prometheus scrapes them. */
class ScheduleMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final ScheduleMetrics schedules = new ScheduleMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    private Map<String, Double> samples(String schedule) {
        return metrics.scrape()
                .lines()
                .filter(line -> line.startsWith("jobs_schedule_"))
                .map(PrometheusSample::parse)
                .filter(sample -> schedule.equals(sample.labels().get("schedule")))
                .collect(Collectors.toMap(PrometheusSample::name, PrometheusSample::value));
    }

    private static Enqueued job() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        return new Enqueued(
                Job.create(
                        JobId.newId(now, new Random(1)),
                        JobRequest.ofType("report").validate(),
                        now),
                true);
    }

    @Test
    void countsFiresSkippedTicksAndDuplicatesBySchedule() {
        schedules.fired(new FireOutcome("nightly", List.of(job(), job()), 1, 9, 0));
        schedules.fired(new FireOutcome("nightly", List.of(), 0, 2, 3));
        schedules.fired(new FireOutcome("hourly", List.of(), 0, 0, 0));

        assertThat(samples("nightly"))
                .containsEntry("jobs_schedule_fires_total", 2.0)
                .containsEntry("jobs_schedule_misfires_skipped_total", 11.0)
                .containsEntry("jobs_schedule_overlaps_skipped_total", 3.0)
                .containsEntry("jobs_schedule_duplicates_avoided_total", 1.0);
        assertThat(samples("hourly")).containsEntry("jobs_schedule_fires_total", 0.0);
    }
}
