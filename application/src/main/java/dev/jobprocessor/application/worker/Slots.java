package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The handler slots of one {@link QueueConcurrency} and its buffer of claimed jobs waiting for one, under one lock:
 * which attempts hold a slot, which wait, and which thread runs what next. A finished handler's thread goes straight
 * on with the next buffered job, without starting a thread or a round trip to the store; a buffered job that waited
 * too long is handed back instead of started late.
 *
 * <p>Nothing slow happens under the lock: handing jobs back, telling the producer and waking waiters all happen after
 * it is released, so no other lock is ever taken while holding this one.
 */
final class Slots {

    private final int capacity;
    private final Duration maxBufferWait;
    private final Clock clock;
    private final Executor threads;
    private final HandlerRunner runner;
    private final HandlerPace pace;
    private final HandBack handBack;
    private final Progress progress;
    private final Runnable slotFreed;

    /** Attempts holding a slot, by job; guarded by {@code this}. */
    private final Map<JobId, Attempt> running = new HashMap<>();
    /** Claimed jobs waiting for a slot, in claim order; guarded by {@code this}. */
    private final Deque<Attempt> buffer = new ArrayDeque<>();
    /** Stale buffered jobs taken out but not yet handed back; guarded by {@code this}. */
    private int handingBack;
    /** False once shutdown began: a slot that frees stays free. Guarded by {@code this}. */
    private boolean starting = true;

    /**
     * {@code slotFreed} runs after a handler's slot is freed (never under this lock), so the producer can claim for it.
     */
    Slots(
            int capacity,
            Duration maxBufferWait,
            Clock clock,
            Executor threads,
            HandlerRunner runner,
            HandlerPace pace,
            HandBack handBack,
            Progress progress,
            Runnable slotFreed) {
        this.capacity = capacity;
        this.maxBufferWait = maxBufferWait;
        this.clock = clock;
        this.threads = threads;
        this.runner = runner;
        this.pace = pace;
        this.handBack = handBack;
        this.progress = progress;
        this.slotFreed = slotFreed;
    }

    int capacity() {
        return capacity;
    }

    /** Buffers freshly claimed jobs, in claim order, and starts as many as there are free slots. */
    void add(List<Attempt> claimed) {
        synchronized (this) {
            buffer.addAll(claimed);
        }
        startBuffered();
    }

    /** Starts buffered jobs, oldest claim first, each on a new handler thread, while slots are free. */
    void startBuffered() {
        for (Attempt next = handOff(null); next != null; next = handOff(null)) {
            Attempt first = next;
            threads.execute(() -> runFrom(first));
        }
    }

    /**
     * Frees the slot of an attempt that someone other than its handler settled (a timeout, a lost lease, shutdown),
     * and gives it to the next buffered job on a new thread: the old thread may be stuck in a handler that ignores
     * interruption.
     */
    void release(Attempt settled) {
        boolean idle;
        synchronized (this) {
            running.remove(settled.job().id(), settled);
            idle = isIdleLocked();
        }
        if (idle) {
            progress.signal();
        }
        slotFreed.run();
        startBuffered();
    }

    /**
     * How many jobs a claim should ask for now: the free slots plus the room in a buffer of {@code prefetch}, or 0
     * while the buffer is more than half full — it feeds the slots meanwhile, and waiting lets the next claim be large.
     */
    synchronized int claimRoom(int prefetch) {
        if (buffer.size() > prefetch / 2) {
            return 0;
        }
        return Math.max(0, capacity - running.size() + prefetch - buffer.size());
    }

    /**
     * Hands back to pending every buffered job that has waited too long for a slot (its attempt does not count), so a
     * job never sits behind slow handlers here while other workers are idle.
     */
    void handBackStale() {
        Instant now = clock.now();
        List<Attempt> stale = new ArrayList<>();
        synchronized (this) {
            buffer.removeIf(attempt -> {
                boolean waitedTooLong = waitedTooLong(attempt, now);
                if (waitedTooLong) {
                    stale.add(attempt);
                }
                return waitedTooLong;
            });
            handingBack += stale.size();
        }
        handBackStale(stale);
    }

    /** The attempts holding a slot right now, for the lease keeper. */
    synchronized List<Attempt> running() {
        return List.copyOf(running.values());
    }

    synchronized int inFlight() {
        return running.size();
    }

    synchronized int buffered() {
        return buffer.size();
    }

    /** True when no attempt holds a slot, none waits for one, and none is being handed back. */
    synchronized boolean isIdle() {
        return isIdleLocked();
    }

    /** Shutdown: from now on no buffered job starts, and a slot that frees stays free. */
    synchronized void stopStarting() {
        starting = false;
    }

    /** Shutdown: takes every buffered job out, for handing back. */
    List<Attempt> drain() {
        List<Attempt> drained;
        synchronized (this) {
            drained = new ArrayList<>(buffer);
            buffer.clear();
        }
        return drained;
    }

    /**
     * Runs {@code first}, then goes on with buffered jobs on the same thread while there are any: a quick job's slot
     * passes to the next one without starting a thread.
     */
    private void runFrom(Attempt first) {
        for (Attempt attempt = first; attempt != null; ) {
            boolean settledHere = runner.run(attempt, pace);
            // An interrupt that arrived meanwhile was for the attempt that just ended, not for the next one.
            Thread.interrupted();
            // If the handler did not settle the attempt, whoever did has freed its slot already.
            attempt = handOff(settledHere ? attempt : null);
        }
    }

    /**
     * Frees {@code finished}'s slot (if not null) and moves the next buffered job into a free slot, under one lock
     * acquisition; null if nothing is buffered or no slot is free. Stale jobs met on the way are handed back.
     */
    private Attempt handOff(Attempt finished) {
        Instant now = clock.now();
        List<Attempt> stale = null;
        Attempt next = null;
        boolean idle;
        synchronized (this) {
            if (finished != null) {
                running.remove(finished.job().id(), finished);
            }
            while (starting && next == null && !buffer.isEmpty() && running.size() < capacity) {
                Attempt head = buffer.poll();
                if (waitedTooLong(head, now)) {
                    if (stale == null) {
                        stale = new ArrayList<>();
                    }
                    stale.add(head);
                    handingBack++;
                } else {
                    running.put(head.job().id(), head);
                    next = head;
                }
            }
            idle = isIdleLocked();
        }
        if (stale != null) {
            handBackStale(stale);
        } else if (idle && finished != null) {
            progress.signal();
        }
        if (finished != null) {
            slotFreed.run();
        }
        return next;
    }

    /**
     * Hands back buffered jobs that waited too long. They held no slot, so nothing is freed, and buffering stops until
     * a handler finishes: handlers are slower than the buffer assumed, and claiming the same jobs again at once would
     * only repeat it.
     */
    private void handBackStale(List<Attempt> stale) {
        if (stale.isEmpty()) {
            return;
        }
        pace.bufferWaitedTooLong();
        boolean idle;
        try {
            handBack.release(stale);
        } finally {
            synchronized (this) {
                handingBack -= stale.size();
                idle = isIdleLocked();
            }
        }
        if (idle) {
            progress.signal();
        }
    }

    /**
     * True once a buffered job has waited {@code maxBufferWait}, or a quarter of its timeout (which counts from the
     * claim), whichever is shorter: started later, a short job could time out before its handler ran.
     */
    private boolean waitedTooLong(Attempt attempt, Instant now) {
        Job job = attempt.job();
        Duration quarterTimeout = Duration.ofSeconds(job.timeoutSeconds()).dividedBy(4);
        Duration limit = quarterTimeout.compareTo(maxBufferWait) < 0 ? quarterTimeout : maxBufferWait;
        return !job.startedAt().plus(limit).isAfter(now);
    }

    private boolean isIdleLocked() {
        return running.isEmpty() && buffer.isEmpty() && handingBack == 0;
    }
}
