package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.CancelSignal;
import dev.jobprocessor.domain.Job;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One job attempt running on this worker. Exactly one party settles it, whichever comes first: the handler
 * finishing, the timeout, the lease being lost, or shutdown. Only the settler reports an outcome.
 */
final class Attempt implements CancelSignal {

    private final Job job;
    private final Instant deadline;
    private final AttemptTrace trace;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Instant leaseExpiresAt;
    private volatile boolean cancelRequested;
    /** The thread running the handler, while it runs this attempt; guarded by {@code this}. */
    private Thread runner;

    Attempt(Job job, Instant deadline, AttemptTrace trace) {
        this.job = job;
        this.deadline = deadline;
        this.trace = trace;
        this.leaseExpiresAt = job.leaseExpiresAt();
    }

    Job job() {
        return job;
    }

    AttemptTrace trace() {
        return trace;
    }

    Instant deadline() {
        return deadline;
    }

    Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    void leaseExtendedTo(Instant expiresAt) {
        leaseExpiresAt = expiresAt;
    }

    /** An operator cancelled the job: the handler's {@link CancelSignal} fires from now on. */
    void cancelRequested() {
        cancelRequested = true;
    }

    @Override
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    synchronized void runningOn(Thread thread) {
        runner = thread;
    }

    /** The handler returned: its thread may go on to run another attempt, which must not be interrupted for this one. */
    synchronized void finished() {
        runner = null;
    }

    /** True for the one caller that gets to decide this attempt's outcome. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    boolean isSettled() {
        return settled.get();
    }

    /** Interrupts the handler; a handler that ignores interruption keeps its thread but no longer holds a slot. */
    synchronized void interrupt() {
        if (runner != null) {
            runner.interrupt();
        }
    }
}
