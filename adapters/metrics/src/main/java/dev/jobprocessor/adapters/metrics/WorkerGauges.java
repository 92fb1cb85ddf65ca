package dev.jobprocessor.adapters.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** How full this process's embedded worker is. */
public final class WorkerGauges {

    private WorkerGauges() {}

    public static void register(
            MeterRegistry registry,
            String workerId,
            int slots,
            IntSupplier busy,
            IntSupplier buffered,
            BooleanSupplier up) {
        Gauge.builder("worker.up", () -> up.getAsBoolean() ? 1 : 0)
                .description("1 while the embedded worker claims and runs jobs, 0 once it stops")
                .tag("worker", workerId)
                .register(registry);
        Gauge.builder("worker.slots", () -> slots)
                .description("Handler slots of the embedded worker, all queues together (JOBS_QUEUES)")
                .tag("worker", workerId)
                .register(registry);
        Gauge.builder("worker.slots.busy", busy::getAsInt)
                .description("Handler slots running an attempt right now")
                .tag("worker", workerId)
                .register(registry);
        Gauge.builder("worker.buffered", buffered::getAsInt)
                .description("Claimed jobs waiting in the worker's buffer for a slot (JOBS_WORKER_PREFETCH)")
                .tag("worker", workerId)
                .register(registry);
    }
}
