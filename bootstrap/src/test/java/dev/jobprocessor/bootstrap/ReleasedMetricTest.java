package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.adapters.metrics.JobMetrics;
import dev.jobprocessor.adapters.metrics.PrometheusMetrics;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown with work in flight shows in the metrics as {@code jobs_released_total}, wired as bootstrap wires
 * it (the store observed by {@link JobMetrics}): not as a retry, and with no attempt-duration sample.
 */
class ReleasedMetricTest {

    @Test
    void aShutdownWithWorkInFlightMovesJobsReleasedTotal() throws InterruptedException {
        try (PrometheusMetrics metrics = new PrometheusMetrics()) {
            Clock clock = new SystemClock();
            JobRepository store = new ObservedJobRepository(
                    new InMemoryJobRepository(new Random(1)), new JobMetrics(metrics.registry()));
            CountDownLatch started = new CountDownLatch(1);
            JobHandlers handlers = JobHandlers.builder()
                    .register("hang", job -> {
                        started.countDown();
                        new CountDownLatch(1).await();
                        return HandlerResult.success(Json.EMPTY_OBJECT);
                    })
                    .build();
            Worker worker = new Worker(
                    new WorkerSettings("w-1", List.of("default"), 1, Duration.ofSeconds(30), Duration.ofMillis(20)),
                    handlers,
                    new LeaseJobs(store, clock),
                    new Heartbeat(store, clock),
                    new CompleteJob(store, clock),
                    new FailJob(store, clock, RetryPolicy.DEFAULT.backoff(new Random(2))),
                    new SnoozeJob(store, clock),
                    new ReleaseJobs(store, clock),
                    clock);
            new SubmitJob(store, clock, new Random(3)).submit(JobRequest.ofType("hang"));
            worker.start();
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            worker.shutdown(Duration.ZERO);

            String scrape = metrics.scrape();
            assertThat(scrape).containsPattern("jobs_released_total\\{[^}]*type=\"hang\"[^}]*\\} 1\\.0");
            assertThat(scrape).doesNotContain("jobs_retried_total{");
            assertThat(scrape).doesNotContain("job_duration_seconds_count{");
        }
    }
}
