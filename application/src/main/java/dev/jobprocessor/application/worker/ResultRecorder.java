package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.Completion;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.FailureReport;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records finished attempts in batches, on one thread of its own: while one batch is being written, the results that
 * arrive queue up and go together in the next. There is no timer: under light load a batch is one result written at
 * once; under heavy load batches grow by themselves, up to {@link #MAX_BATCH}. A job counts as done to anyone only
 * when its batch is committed, because until then it is {@code running} in the store.
 *
 * <p>The queue is bounded: when the store is slow, handler threads wait to hand over their results instead of piling
 * them up in memory.
 */
final class ResultRecorder {

    static final int MAX_BATCH = 100;
    private static final System.Logger LOG = System.getLogger(ResultRecorder.class.getName());

    record Finished(Job job, HandlerResult result) {}

    private final CompleteJob completeJob;
    private final FailJob failJob;
    private final Runnable afterFlush;
    private final BlockingQueue<Finished> queue;
    private final Object idle = new Object();
    private int unrecorded;
    private final Thread thread;
    private volatile boolean stopping;

    ResultRecorder(String name, int capacity, CompleteJob completeJob, FailJob failJob, Runnable afterFlush) {
        this.completeJob = completeJob;
        this.failJob = failJob;
        this.afterFlush = afterFlush;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::recordUntilStopped);
    }

    /** Hands a finished attempt over; waits while the queue is full. */
    void record(Job job, HandlerResult result) {
        synchronized (idle) {
            unrecorded++;
        }
        boolean handedOver = false;
        try {
            queue.put(new Finished(job, result));
            handedOver = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The lease will expire and the reaper will count the attempt as failed: nothing is lost.
            LOG.log(Level.WARNING, "job {0}: interrupted before its result was handed over", job.id());
        } finally {
            if (!handedOver) {
                done(1);
            }
        }
    }

    /** True when every handed-over result is written (or given up on); waits up to {@code millis}. */
    boolean awaitRecorded(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (idle) {
            while (unrecorded > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                idle.wait(left);
            }
            return true;
        }
    }

    /**
     * Writes what is queued, then stops. The recorder thread is not interrupted: it may be inside a write, and an
     * interrupted JDBC call could lose a batch; it notices {@code stopping} within its 100 ms poll instead.
     */
    void close() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Finished> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void recordUntilStopped() {
        List<Finished> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping) {
            try {
                Finished first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (stopping) {
                    break;
                }
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    /** Writes one result at once, on the caller's thread: for rare events (a timeout) that must not wait in line. */
    void recordNow(Job job, HandlerResult result) {
        store(List.of(new Finished(job, result)));
    }

    private void write(List<Finished> batch) {
        try {
            store(batch);
        } finally {
            done(batch.size());
            afterFlush.run();
        }
    }

    /** Completes and fails {@code batch} in one transaction each; a failure is logged, never thrown. */
    private void store(List<Finished> batch) {
        List<Completion> completions = new ArrayList<>();
        List<FailureReport> failures = new ArrayList<>();
        for (Finished finished : batch) {
            Job job = finished.job();
            switch (finished.result()) {
                case HandlerResult.Success success -> completions.add(Completion.of(job, success.result()));
                case HandlerResult.Retry retry ->
                    failures.add(FailureReport.of(job, Failure.retryable(retry.message())));
                case HandlerResult.Permanent permanent ->
                    failures.add(FailureReport.of(job, Failure.permanent(permanent.message())));
            }
        }
        try {
            if (!completions.isEmpty()) {
                logRejections(completeJob.completeAll(completions));
            }
            if (!failures.isEmpty()) {
                logRejections(failJob.failAll(failures));
            }
        } catch (RuntimeException e) {
            // The leases will expire and the reaper will count these attempts as failed; nothing is lost.
            LOG.log(Level.ERROR, "could not record " + batch.size() + " finished attempt(s)", e);
        }
    }

    private static void logRejections(List<ChangeOutcome> outcomes) {
        for (ChangeOutcome outcome : outcomes) {
            switch (outcome) {
                case ChangeOutcome.Applied applied -> {}
                case ChangeOutcome.Rejected rejected ->
                    LOG.log(
                            Level.WARNING,
                            "job {0}: result not recorded: {1}",
                            rejected.id(),
                            rejected.reason().getMessage());
                case ChangeOutcome.Missing missing ->
                    LOG.log(Level.WARNING, "job {0}: result not recorded: the job is gone", missing.id());
            }
        }
    }

    private void done(int count) {
        synchronized (idle) {
            unrecorded -= count;
            idle.notifyAll();
        }
    }
}
