package dev.jobprocessor.adapters.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * {@code jobs_maintenance_leader}: 1 in the process that leads maintenance, 0 in the others. Summed across processes
 * it should be exactly 1; 0 for long means nothing reaps expired leases, more than 1 means two processes believe they
 * lead (one has lost its database session and not noticed yet).
 */
public final class LeadershipGauge {

    private LeadershipGauge() {}

    public static void register(MeterRegistry registry, String process, BooleanSupplier leading) {
        Gauge.builder("jobs.maintenance.leader", () -> leading.getAsBoolean() ? 1 : 0)
                .description("1 while this process leads maintenance (reaping, count folding), else 0")
                .tag("process", process)
                .register(registry);
    }
}
