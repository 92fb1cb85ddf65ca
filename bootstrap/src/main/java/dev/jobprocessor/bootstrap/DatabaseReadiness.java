package dev.jobprocessor.bootstrap;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * {@code GET /ready}'s question to the database: does it answer, and is every migration applied. The second is
 * Flyway's comparison of the schema history with the build's migrations, which took a second and more on a busy
 * 2-core machine (the failover proof's readiness probes timed out on it, docs/HIGH_AVAILABILITY.md); the schema was
 * checked at start and only changes by a restore, so it is asked again once per {@code schemaInterval}, and in
 * between only whether a connection answers. A schema found behind stays "not ready" until a check finds it whole.
 */
final class DatabaseReadiness implements BooleanSupplier {

    private final BooleanSupplier schemaUpToDate;
    private final BooleanSupplier answers;
    private final long schemaIntervalNanos;
    private final LongSupplier nanoTime;
    private boolean schemaChecked;
    private long schemaCheckedAt;

    DatabaseReadiness(
            BooleanSupplier schemaUpToDate, BooleanSupplier answers, Duration schemaInterval, LongSupplier nanoTime) {
        this.schemaUpToDate = schemaUpToDate;
        this.answers = answers;
        this.schemaIntervalNanos = schemaInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        long now = nanoTime.getAsLong();
        if (!schemaChecked || now - schemaCheckedAt >= schemaIntervalNanos) {
            boolean upToDate = schemaUpToDate.getAsBoolean();
            if (upToDate) {
                schemaChecked = true;
                schemaCheckedAt = now;
            }
            return upToDate;
        }
        return answers.getAsBoolean();
    }
}
