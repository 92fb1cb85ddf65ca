package dev.jobprocessor.bootstrap;

import dev.jobprocessor.adapters.http.Readiness;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Asks the real check at most once per {@code ttl}, so probes cannot hammer the database; a failing check is "no". */
final class CachedReadiness implements Readiness {

    private final BooleanSupplier check;
    private final long ttlNanos;
    private long checkedAt;
    private boolean ready;
    private boolean checkedOnce;

    CachedReadiness(BooleanSupplier check, Duration ttl) {
        this.check = check;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public synchronized boolean isReady() {
        long now = System.nanoTime();
        if (!checkedOnce || now - checkedAt >= ttlNanos) {
            try {
                ready = check.getAsBoolean();
            } catch (RuntimeException e) {
                ready = false;
            }
            checkedAt = System.nanoTime();
            checkedOnce = true;
        }
        return ready;
    }
}
