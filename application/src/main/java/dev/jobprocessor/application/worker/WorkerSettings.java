package dev.jobprocessor.application.worker;

import dev.jobprocessor.domain.JobLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a worker behaves: who it is, which queues it serves, how many jobs it runs at once, how long its leases are,
 * how often it polls when no wake-up arrives, and how many claimed jobs it may hold beyond its free slots.
 *
 * <p>{@code prefetch} is an upper bound: the worker holds at most about half a second of work in its buffer, judged
 * by how long its handlers have been taking, and hands back any buffered job that waited {@link #maxBufferWait()}
 * (see {@code docs/CONCURRENCY_MODEL.md}). 0 claims only for free slots.
 */
public record WorkerSettings(
        String workerId, List<String> queues, int concurrency, Duration lease, Duration pollInterval, int prefetch) {

    public static final int MAX_CONCURRENCY = 1_000;
    public static final int MAX_PREFETCH = 1_000;

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
        if (prefetch < 0 || prefetch > MAX_PREFETCH) {
            throw new IllegalArgumentException("prefetch must be between 0 and " + MAX_PREFETCH + ", got " + prefetch);
        }
    }

    /** Without prefetch: the worker claims only for its free slots. */
    public WorkerSettings(
            String workerId, List<String> queues, int concurrency, Duration lease, Duration pollInterval) {
        this(workerId, queues, concurrency, lease, pollInterval, 0);
    }

    /**
     * The service's default: four jobs per slot, as many as one claim can return at most. Enough for claims of a
     * hundred at a hundred thousand short jobs a second; the buffer's time bound keeps it empty for slow jobs.
     */
    public static int defaultPrefetch(int concurrency) {
        return Math.min(4 * concurrency, 100);
    }

    /** Heartbeat once less than half of a lease is left, so one missed tick never loses the lease. */
    Duration heartbeatMargin() {
        return lease.dividedBy(2);
    }

    /**
     * How long a claimed job may wait in the buffer for a slot before it is handed back to pending: short against the
     * lease (no heartbeat is needed while it waits) and against a job's timeout, which counts from the claim.
     */
    Duration maxBufferWait() {
        Duration quarterLease = lease.dividedBy(4);
        Duration wait = Duration.ofSeconds(1);
        return quarterLease.compareTo(wait) < 0 ? quarterLease : wait;
    }

    /** How often timeouts and heartbeats are checked: often enough for one-second timeouts. */
    Duration tickInterval() {
        Duration quarterLease = lease.dividedBy(4);
        Duration tick = Duration.ofMillis(250);
        return quarterLease.compareTo(tick) < 0 ? quarterLease : tick;
    }
}
