package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code jobs_pending} and {@code jobs_running} by queue, as last read from the store. The store is read on a schedule
 * (every few seconds, by bootstrap), never per scrape, so scrapes cost the database nothing.
 */
public final class QueueGauges {

    private final MultiGauge pending;
    private final MultiGauge running;

    public QueueGauges(MeterRegistry registry) {
        pending = MultiGauge.builder("jobs.pending")
                .description("Pending jobs by queue (due or scheduled), as of the last read of the store")
                .register(registry);
        running = MultiGauge.builder("jobs.running")
                .description("Running jobs by queue, as of the last read of the store")
                .register(registry);
    }

    /** Shows {@code counts}; a queue that no longer has jobs in a state shows 0 until it has none at all. */
    public void update(List<JobCount> counts) {
        pending.register(rows(counts, JobState.PENDING), true);
        running.register(rows(counts, JobState.RUNNING), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<JobCount> counts, JobState state) {
        Map<String, Long> byQueue = new TreeMap<>();
        counts.forEach(c -> byQueue.merge(c.queue(), c.state() == state ? c.count() : 0L, Long::sum));
        return byQueue.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("queue", e.getKey()), e.getValue()))
                .collect(Collectors.toList());
    }
}
