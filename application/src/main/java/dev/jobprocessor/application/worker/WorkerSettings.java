package dev.jobprocessor.application.worker;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a worker behaves: who it is, which queues it serves with how many handler slots each, how long its leases are,
 * how often it polls when no wake-up arrives, and how many claimed jobs each queue may hold beyond its free slots.
 *
 * <p>Each {@link QueueConcurrency} gets slots, a buffer and a claimer of its own, so a slow queue never takes the
 * slots of another. {@code prefetch} is an upper bound for each of them: a buffer holds at most about half a second
 * of its queue's work, judged by how long its handlers have been taking, and hands back any buffered job that waited
 * {@link #maxBufferWait()} (see {@code docs/CONCURRENCY_MODEL.md}). 0 claims only for free slots.
 */
public record WorkerSettings(
        String workerId, List<QueueConcurrency> queues, Duration lease, Duration pollInterval, int prefetch) {

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
        Set<String> seen = new HashSet<>();
        for (QueueConcurrency group : queues) {
            for (String queue : group.queues()) {
                if (!seen.add(queue)) {
                    throw new IllegalArgumentException("queue " + queue + " is given slots twice");
                }
            }
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

    /** {@code queues} sharing {@code concurrency} slots, as one worker served them before per-queue slots. */
    public WorkerSettings(
            String workerId,
            List<String> queues,
            int concurrency,
            Duration lease,
            Duration pollInterval,
            int prefetch) {
        this(workerId, List.of(new QueueConcurrency(queues, concurrency)), lease, pollInterval, prefetch);
    }

    /** Without prefetch: the worker claims only for its free slots. */
    public WorkerSettings(
            String workerId, List<String> queues, int concurrency, Duration lease, Duration pollInterval) {
        this(workerId, queues, concurrency, lease, pollInterval, 0);
    }

    /** The handler slots of all queues together: how many attempts this worker may run at once. */
    public int concurrency() {
        return queues.stream().mapToInt(QueueConcurrency::concurrency).sum();
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
