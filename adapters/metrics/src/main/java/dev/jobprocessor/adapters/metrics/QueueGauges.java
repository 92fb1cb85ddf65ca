package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code jobs_pending} and {@code jobs_running} by queue, as last read from the store. The store is read on a schedule
 * (every few seconds, by bootstrap), never per scrape, so scrapes cost the database nothing.
 *
 * <p>The queues this process is configured for are shown from construction on, at 0 until a read says otherwise, and
 * stay shown when they have no jobs: an alert on an absent series must not fire because a process has just started,
 * because the store is down at start, or because a queue is empty.
 */
public final class QueueGauges {

    private final MultiGauge pending;
    private final MultiGauge running;
    private final List<String> configuredQueues;

    public QueueGauges(MeterRegistry registry, Collection<String> configuredQueues) {
        pending = MultiGauge.builder("jobs.pending")
                .description("Pending jobs by queue (due or scheduled), as of the last read of the store")
                .register(registry);
        running = MultiGauge.builder("jobs.running")
                .description("Running jobs by queue, as of the last read of the store")
                .register(registry);
        this.configuredQueues = List.copyOf(configuredQueues);
        update(List.of());
    }

    /**
     * Shows {@code counts}. A configured queue always shows, with 0 when it has no jobs in a state; any other queue
     * shows while it has jobs in some state.
     */
    public void update(List<JobCount> counts) {
        pending.register(rows(counts, JobState.PENDING), true);
        running.register(rows(counts, JobState.RUNNING), true);
    }

    private List<MultiGauge.Row<?>> rows(List<JobCount> counts, JobState state) {
        Map<String, Long> byQueue = new TreeMap<>();
        configuredQueues.forEach(queue -> byQueue.put(queue, 0L));
        counts.forEach(c -> byQueue.merge(c.queue(), c.state() == state ? c.count() : 0L, Long::sum));
        return byQueue.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("queue", e.getKey()), e.getValue()))
                .collect(Collectors.toList());
    }
}
