package dev.jobprocessor.adapters.metrics;

import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.domain.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Counts the lifecycle steps this process stored, by job type and queue, and times attempts and queue waits. Each
 * process counts its own steps; Prometheus sums them across processes.
 */
public final class JobMetrics implements JobObserver {

    /** Bucket bounds from a few milliseconds (a no-op) to the 24-hour maximum timeout of docs/SPEC.md §3. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30),
        Duration.ofHours(2),
        Duration.ofHours(24)
    };

    private final MeterRegistry registry;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * {@code jobs_duplicates_avoided_total{type,queue}}: submissions an earlier unique job kept out, labelled by that
     * job (docs/UNIQUE_JOBS.md).
     */
    public void duplicatesAvoided(List<Job> keptOutBy) {
        for (Job job : keptOutBy) {
            Counter.builder("jobs.duplicates.avoided")
                    .description("Submissions an earlier unique job kept out (answered with that job, nothing stored)")
                    .tags("type", job.type(), "queue", job.queue())
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void observe(List<JobLifecycle> steps) {
        for (JobLifecycle step : steps) {
            String type = step.job().type();
            String queue = step.job().queue();
            String counter = switch (step.event()) {
                case CREATED -> "jobs.created";
                case STARTED -> "jobs.started";
                case COMPLETED -> "jobs.completed";
                case RETRIED -> "jobs.retried";
                case FAILED -> "jobs.failed";
                case DEAD -> "jobs.dead";
                case CANCELLED -> "jobs.cancelled";
                case REQUEUED -> "jobs.requeued";
                case RELEASED -> "jobs.released";
                case SNOOZED -> "jobs.snoozed";
                case CANCEL_REQUESTED -> "jobs.cancel.requested";
            };
            Counter.builder(counter)
                    .description(description(step.event()))
                    .tags("type", type, "queue", queue)
                    .register(registry)
                    .increment();
            step.attemptDuration()
                    .ifPresent(d -> timer("job.duration", "How long attempts ran, by how they ended", type, queue)
                            .record(d));
            step.queueWait()
                    .ifPresent(d -> timer(
                                    "job.queue.wait",
                                    "How long due jobs waited before a worker started them",
                                    type,
                                    queue)
                            .record(d));
        }
    }

    private Timer timer(String name, String description, String type, String queue) {
        return Timer.builder(name)
                .description(description)
                .tags("type", type, "queue", queue)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static String description(LifecycleEvent event) {
        return switch (event) {
            case CREATED -> "Jobs created";
            case STARTED -> "Attempts started (jobs claimed by a worker)";
            case COMPLETED -> "Jobs completed";
            case RETRIED -> "Attempts that failed retryably (or whose lease expired) with attempts left";
            case FAILED -> "Jobs failed for good on a permanent failure";
            case DEAD -> "Jobs dead after their last attempt failed";
            case CANCELLED -> "Jobs cancelled";
            case REQUEUED -> "Failed, dead or cancelled jobs put back to pending by an operator";
            case RELEASED ->
                "Running jobs handed back by their worker: unfinished at shutdown, or unstarted from its buffer"
                        + " (the attempt not counted)";
            case SNOOZED -> "Running jobs put off by their handler, pending again later (the attempt not counted)";
            case CANCEL_REQUESTED -> "Cancels requested of running jobs (each then ends cancelled)";
        };
    }
}
