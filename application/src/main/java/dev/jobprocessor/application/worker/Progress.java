package dev.jobprocessor.application.worker;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Where a caller waits for the worker to reach a state (all slots free, say) without polling: whoever may have brought
 * it about signals. Signallers hold no other lock while they signal, so a waiter may take other locks to check.
 */
final class Progress {

    synchronized void signal() {
        notifyAll();
    }

    /** Waits until {@code reached} holds or {@code deadlineNanos} (of {@link System#nanoTime()}) passes. */
    synchronized boolean awaitUntil(BooleanSupplier reached, long deadlineNanos) {
        while (!reached.getAsBoolean()) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis <= 0) {
                return false;
            }
            try {
                wait(remainingMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
