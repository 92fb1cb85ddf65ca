package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each queue's settings as gauges (docs/QUEUE_CONTROL.md): {@code jobs_queue_paused} (1 while paused),
 * {@code jobs_queue_concurrency_limit} (only for queues with a limit) and {@code jobs_queue_limit_reached} (1 while a
 * limited queue runs as many jobs as its limit allows, so its due jobs wait on the limit, not on workers),
 * {@code jobs_queue_rate_limit_per_second} and {@code jobs_queue_key_limit} (only for queues with those limits). Read
 * on the same schedule as the job counts, never per scrape.
 */
public final class QueueSettingsGauges {

    private final MultiGauge paused;
    private final MultiGauge limit;
    private final MultiGauge limitReached;
    private final MultiGauge rateLimit;
    private final MultiGauge keyLimit;

    public QueueSettingsGauges(MeterRegistry registry) {
        paused = MultiGauge.builder("jobs.queue.paused")
                .description("1 while the queue is paused, else 0, as of the last read of the store")
                .register(registry);
        limit = MultiGauge.builder("jobs.queue.concurrency.limit")
                .description("The queue's concurrency limit across all processes; absent when it has none")
                .register(registry);
        limitReached = MultiGauge.builder("jobs.queue.limit.reached")
                .description("1 while a limited queue runs as many jobs as its limit allows, else 0")
                .register(registry);
        rateLimit = MultiGauge.builder("jobs.queue.rate.limit.per.second")
                .description(
                        "The queue's rate limit as starts per second (jobs / per_seconds); absent when it has none")
                .register(registry);
        keyLimit = MultiGauge.builder("jobs.queue.key.limit")
                .description("Running jobs allowed per concurrency key in the queue; absent when it has no key limit")
                .register(registry);
    }

    /** Shows {@code queues}, with {@code counts} read at the same time for the running jobs against each limit. */
    public void update(List<Queue> queues, List<JobCount> counts) {
        Map<String, Long> running = new TreeMap<>();
        counts.stream()
                .filter(count -> count.state() == JobState.RUNNING)
                .forEach(count -> running.merge(count.queue(), count.count(), Long::sum));
        paused.register(
                queues.stream()
                        .<MultiGauge.Row<?>>map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.paused() ? 1 : 0))
                        .toList(),
                true);
        List<Queue> limited =
                queues.stream().filter(q -> q.concurrencyLimit() != null).toList();
        limit.register(
                limited.stream()
                        .<MultiGauge.Row<?>>map(
                                q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.concurrencyLimit()))
                        .toList(),
                true);
        limitReached.register(
                limited.stream()
                        .<MultiGauge.Row<?>>map(q -> MultiGauge.Row.of(
                                Tags.of("queue", q.name()),
                                running.getOrDefault(q.name(), 0L) >= q.concurrencyLimit() ? 1 : 0))
                        .toList(),
                true);
        rateLimit.register(
                queues.stream()
                        .filter(q -> q.rateLimit() != null)
                        .<MultiGauge.Row<?>>map(q -> MultiGauge.Row.of(
                                Tags.of("queue", q.name()),
                                (double) q.rateLimit().jobs() / q.rateLimit().perSeconds()))
                        .toList(),
                true);
        keyLimit.register(
                queues.stream()
                        .filter(q -> q.keyLimit() != null)
                        .<MultiGauge.Row<?>>map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.keyLimit()))
                        .toList(),
                true);
    }
}
