package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's trends over the last hour, kept in memory from this process's own metrics (docs/OBSERVABILITY.md,
 * "The dashboard"): every {@code step} a point with the jobs created, completed and failed per second since the last
 * point, the 50th, 95th and 99th percentiles of queue wait and run time of the attempts in that interval (read off the
 * histograms' buckets), and each queue's backlog as last read from the store. A process that just started has a short
 * history; one that serves an API without a worker sees the throughput of what it itself changed.
 */
public final class TrendRecorder {

    /** Percentiles of one interval in seconds; null where the interval had no observation. */
    public record Percentiles(Double p50, Double p95, Double p99) {}

    /** One point of the trends. */
    public record TrendPoint(
            Instant at,
            double createdPerSecond,
            double completedPerSecond,
            double failedPerSecond,
            Percentiles queueWait,
            Percentiles runTime,
            Map<String, Long> backlog) {}

    private final MeterRegistry registry;
    private final Duration step;
    private final int capacity;
    private final Deque<TrendPoint> points = new ArrayDeque<>();
    private Reading last;
    private volatile Map<String, Long> backlog;

    /** Keeps {@code window / step} points of {@code registry}'s job metrics; {@code queues} show from the start. */
    public TrendRecorder(MeterRegistry registry, Duration window, Duration step, Collection<String> queues) {
        this.registry = registry;
        this.step = step;
        this.capacity = (int) Math.max(2, window.toMillis() / step.toMillis());
        Map<String, Long> empty = new TreeMap<>();
        queues.forEach(queue -> empty.put(queue, 0L));
        this.backlog = Map.copyOf(empty);
    }

    /** The store's counts as last read: their pending jobs per queue are the next points' backlog. */
    public void countsRead(List<JobCount> counts) {
        Map<String, Long> byQueue = new TreeMap<>();
        backlog.keySet().forEach(queue -> byQueue.put(queue, 0L));
        counts.forEach(c -> byQueue.merge(c.queue(), c.state() == JobState.PENDING ? c.count() : 0L, Long::sum));
        backlog = Map.copyOf(byQueue);
    }

    /** Takes a point at {@code now}; the first call only sets the baseline the next one counts from. */
    public synchronized void sample(Instant now) {
        Reading reading = read(now);
        Reading previous = last;
        last = reading;
        if (previous == null) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(previous.at, now).toMillis() / 1000.0);
        points.addLast(new TrendPoint(
                now,
                (reading.created - previous.created) / seconds,
                (reading.completed - previous.completed) / seconds,
                (reading.failed - previous.failed) / seconds,
                reading.queueWait.since(previous.queueWait),
                reading.runTime.since(previous.runTime),
                backlog));
        while (points.size() > capacity) {
            points.removeFirst();
        }
    }

    /** How far apart the points are meant to be (the caller samples at this pace). */
    public Duration step() {
        return step;
    }

    /** The points, oldest first. */
    public synchronized List<TrendPoint> points() {
        return List.copyOf(points);
    }

    private Reading read(Instant now) {
        return new Reading(
                now,
                count("jobs.created"),
                count("jobs.completed"),
                count("jobs.failed") + count("jobs.dead"),
                Histogram.of(registry.find("job.queue.wait").timers()),
                Histogram.of(registry.find("job.duration").timers()));
    }

    private double count(String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private record Reading(
            Instant at, double created, double completed, double failed, Histogram queueWait, Histogram runTime) {}

    /** Cumulative bucket counts summed over every timer of one name (all types and queues). */
    private record Histogram(double[] bounds, long[] counts, long total) {

        static Histogram of(Collection<Timer> timers) {
            double[] bounds = null;
            long[] counts = null;
            long total = 0;
            for (Timer timer : timers) {
                var snapshot = timer.takeSnapshot();
                CountAtBucket[] buckets = snapshot.histogramCounts();
                if (bounds == null) {
                    bounds = new double[buckets.length];
                    counts = new long[buckets.length];
                    for (int i = 0; i < buckets.length; i++) {
                        bounds[i] = buckets[i].bucket(TimeUnit.SECONDS);
                    }
                }
                for (int i = 0; i < Math.min(buckets.length, counts.length); i++) {
                    counts[i] += (long) buckets[i].count();
                }
                total += snapshot.count();
            }
            return bounds == null ? new Histogram(new double[0], new long[0], 0) : new Histogram(bounds, counts, total);
        }

        Percentiles since(Histogram earlier) {
            long[] delta = counts.clone();
            if (earlier.counts.length == delta.length) {
                for (int i = 0; i < delta.length; i++) {
                    delta[i] -= earlier.counts[i];
                }
            }
            long observed = total - (earlier.counts.length == delta.length ? earlier.total : 0);
            return new Percentiles(
                    BucketPercentiles.of(0.50, bounds, delta, observed),
                    BucketPercentiles.of(0.95, bounds, delta, observed),
                    BucketPercentiles.of(0.99, bounds, delta, observed));
        }
    }
}
