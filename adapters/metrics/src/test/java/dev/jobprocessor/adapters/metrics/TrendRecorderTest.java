package dev.jobprocessor.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jobprocessor.adapters.metrics.TrendRecorder.TrendPoint;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendRecorderTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final MeterRegistry registry = metrics.registry();
    private final TrendRecorder trends =
            new TrendRecorder(registry, Duration.ofSeconds(30), Duration.ofSeconds(10), List.of("default"));

    private void count(String name, String queue, int times) {
        Counter.builder(name)
                .tags("type", "t", "queue", queue)
                .register(registry)
                .increment(times);
    }

    private Timer timer(String name, String queue) {
        return Timer.builder(name)
                .tags("type", "t", "queue", queue)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    @Test
    void eachPointHoldsTheRatesAndPercentilesOfItsOwnIntervalAndTheLatestBacklog() {
        trends.sample(T0);
        count("jobs.created", "default", 15);
        count("jobs.created", "mail", 5);
        count("jobs.completed", "default", 10);
        count("jobs.failed", "default", 2);
        count("jobs.dead", "mail", 1);
        for (int i = 0; i < 99; i++) {
            timer("job.queue.wait", i % 2 == 0 ? "default" : "mail").record(Duration.ofMillis(8));
        }
        timer("job.queue.wait", "mail").record(Duration.ofSeconds(3));
        timer("job.duration", "default").record(Duration.ofMillis(50));
        trends.countsRead(List.of(
                new JobCount("default", "t", JobState.PENDING, 7, 0),
                new JobCount("mail", "t", JobState.PENDING, 2, 0),
                new JobCount("mail", "t", JobState.RUNNING, 4, 4)));

        trends.sample(T0.plusSeconds(10));
        // the next interval: nothing waited, one run of 3 s
        timer("job.duration", "default").record(Duration.ofSeconds(3));
        trends.sample(T0.plusSeconds(20));

        List<TrendPoint> points = trends.points();
        assertThat(points).hasSize(2);
        TrendPoint first = points.getFirst();
        assertThat(first.at()).isEqualTo(T0.plusSeconds(10));
        assertThat(first.createdPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(first.completedPerSecond()).isCloseTo(1.0, within(1e-9));
        assertThat(first.failedPerSecond()).isCloseTo(0.3, within(1e-9));
        assertThat(first.queueWait().p50()).isBetween(0.005, 0.010);
        assertThat(first.queueWait().p99()).isBetween(0.005, 0.010);
        assertThat(first.queueWait().p95()).isBetween(0.005, 0.010);
        assertThat(first.runTime().p50()).isBetween(0.010, 0.100);
        assertThat(first.backlog()).isEqualTo(Map.of("default", 7L, "mail", 2L));
        TrendPoint second = points.get(1);
        assertThat(second.createdPerSecond()).isZero();
        assertThat(second.queueWait().p50())
                .as("no wait observed in the interval")
                .isNull();
        assertThat(second.runTime().p50()).isBetween(1.0, 5.0);
    }

    @Test
    void keepsOnlyTheWindowAndShowsConfiguredQueuesBeforeTheFirstRead() {
        for (int i = 0; i <= 5; i++) {
            trends.sample(T0.plusSeconds(10L * i));
        }

        assertThat(trends.points())
                .extracting(TrendPoint::at)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(40), T0.plusSeconds(50));
        assertThat(trends.points().getLast().backlog()).isEqualTo(Map.of("default", 0L));
    }

    @Test
    void aPercentileLiesInTheBucketThatHoldsItsRank() {
        double[] bounds = {1, 2, 4};
        long[] cumulative = {10, 90, 100};

        assertThat(BucketPercentiles.of(0.5, bounds, cumulative, 100)).isCloseTo(1.5, within(1e-9));
        assertThat(BucketPercentiles.of(0.05, bounds, cumulative, 100)).isCloseTo(0.5, within(1e-9));
        assertThat(BucketPercentiles.of(0.95, bounds, cumulative, 100)).isCloseTo(3.0, within(1e-9));
        assertThat(BucketPercentiles.of(0.99, bounds, new long[] {0, 0, 0}, 5))
                .as("every observation above the last bound")
                .isEqualTo(4.0);
        assertThat(BucketPercentiles.of(0.5, bounds, new long[] {0, 0, 0}, 0)).isNull();
    }
}
