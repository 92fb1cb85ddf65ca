package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.PurgeObserver;
import dev.jobprocessor.domain.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the finished jobs this process deleted, by the state they were in ({@code jobs_purged_total}): the
 * retention sweep in the maintenance leader and the operator's purges over HTTP. Labelled by state only: a delete
 * statement removes thousands of rows and reports one number, not each job's type and queue.
 */
public final class PurgeMetrics implements PurgeObserver {

    private final MeterRegistry registry;

    public PurgeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void purged(JobState state, long count) {
        Counter.builder("jobs.purged")
                .description("Finished jobs deleted by retention or by an operator's purge")
                .tags("state", state.wireName())
                .register(registry)
                .increment(count);
    }
}
