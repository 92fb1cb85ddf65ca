package dev.jobprocessor.application.worker;

import dev.jobprocessor.domain.JobLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a worker behaves: who it is, which queues it serves, how many jobs it runs at once, how long its leases are,
 * and how often it polls when no wake-up arrives.
 */
public record WorkerSettings(
        String workerId, List<String> queues, int concurrency, Duration lease, Duration pollInterval) {

    public static final int MAX_CONCURRENCY = 1_000;

    public WorkerSettings {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(pollInterval, "pollInterval");
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a worker serves at least one queue");
        }
        for (String queue : queues) {
            if (!JobLimits.QUEUE_PATTERN.matcher(queue).matches()) {
                throw new IllegalArgumentException("not a valid queue name: " + queue);
            }
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (lease.toSeconds() < 1) {
            throw new IllegalArgumentException("a lease lasts at least one second, got " + lease);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + pollInterval);
        }
    }

    /** Heartbeat once less than half of a lease is left, so one missed tick never loses the lease. */
    Duration heartbeatMargin() {
        return lease.dividedBy(2);
    }

    /** How often timeouts and heartbeats are checked: often enough for one-second timeouts. */
    Duration tickInterval() {
        Duration quarterLease = lease.dividedBy(4);
        Duration tick = Duration.ofMillis(250);
        return quarterLease.compareTo(tick) < 0 ? quarterLease : tick;
    }
}
