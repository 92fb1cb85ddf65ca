package dev.jobprocessor.client.worker;

import dev.jobprocessor.client.LeasedJob;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One leased job from its claim until the service has its outcome. Exactly one party settles it — the handler
 * returning, its time limit, a lost lease, a cancel request or the worker stopping — and that party frees its slot and
 * decides what is reported; a late result from the others is discarded.
 */
final class Attempt implements CancelSignal {

    private final LeasedJob leased;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile boolean cancelRequested;
    private volatile Thread thread;
    private volatile Future<?> timeLimit;

    Attempt(LeasedJob leased) {
        this.leased = leased;
    }

    LeasedJob leased() {
        return leased;
    }

    /** True for the one caller that settles the attempt. */
    boolean settle() {
        boolean first = settled.compareAndSet(false, true);
        Future<?> limit = timeLimit;
        if (first && limit != null) {
            limit.cancel(false);
        }
        return first;
    }

    boolean isSettled() {
        return settled.get();
    }

    void runningOn(Thread handlerThread) {
        thread = handlerThread;
    }

    /** Interrupts the handler if it has started; one that starts later sees the attempt settled and does not run. */
    void interrupt() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    void timeLimit(Future<?> timer) {
        timeLimit = timer;
    }

    void cancelRequested() {
        cancelRequested = true;
    }

    @Override
    public boolean isCancelRequested() {
        return cancelRequested;
    }
}
