package dev.jobprocessor.adapters.http;

import java.time.Duration;

/**
 * Wakes long-polling lease requests when jobs may have arrived. Whoever learns of an enqueue (a LISTEN/NOTIFY
 * listener, or nothing at all in memory mode) calls {@link #signal()}; waiters re-check at least every
 * {@code pollInterval} anyway, so no lease request depends on a signal arriving.
 */
public final class EnqueueSignal {

    private final Object monitor = new Object();
    private long generation;

    public void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** The current generation; pass it to {@link #awaitAfter} to wait for the next signal. */
    long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** Waits until a signal newer than {@code seen} arrives or {@code timeout} passes. */
    void awaitAfter(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (generation == seen) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                monitor.wait(Math.max(1, remaining / 1_000_000));
            }
        }
    }
}
