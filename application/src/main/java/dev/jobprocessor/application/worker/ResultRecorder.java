package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.Completion;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.FailureReport;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SnoozeReport;
import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.StoreUnavailableException;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records finished attempts in batches, on one thread of its own: while one batch is being written, the results that
 * arrive queue up and go together in the next. There is no timer: under light load a batch is one result written at
 * once; under heavy load batches grow by themselves, up to {@link #MAX_BATCH}. A job counts as done to anyone only
 * when its batch is committed, because until then it is {@code running} in the store.
 *
 * <p>The queue is bounded: when the store is slow, handler threads wait to hand over their results instead of piling
 * them up in memory.
 *
 * <p>When the store cannot be reached ({@link StoreUnavailableException}: nothing was written), the recorder keeps the
 * results it could not write and writes them again, first in the next batch, after a pause that doubles from
 * {@link #FIRST_RETRY} up to {@link #MAX_RETRY}; meanwhile the queue fills and handler threads wait. Writing a result
 * again is safe even if the first write did commit: a repeated completion is recognised and writes nothing, a repeated
 * failure is refused as a lost lease. Only at {@link #close()} does it give up on a store that is still down; those
 * leases expire and the reaper counts the attempts as failed.
 */
final class ResultRecorder {

    static final int MAX_BATCH = 100;
    static final Duration FIRST_RETRY = Duration.ofMillis(50);
    static final Duration MAX_RETRY = Duration.ofSeconds(2);
    /** How long {@link #close()} waits for results still being handed over by handler threads. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(ResultRecorder.class.getName());

    record Finished(Job job, HandlerResult result, AttemptTrace trace) {}

    private final CompleteJob completeJob;
    private final FailJob failJob;
    private final SnoozeJob snoozeJob;
    private final Clock clock;
    private final Runnable afterFlush;
    private final BlockingQueue<Finished> queue;
    private final Object idle = new Object();
    private int unrecorded;
    private final Thread thread;
    private volatile boolean stopping;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Results the recorder thread could not write before it stopped; read by {@link #close()} after joining it. */
    private List<Finished> unwrittenAtStop = List.of();

    ResultRecorder(
            String name,
            int capacity,
            CompleteJob completeJob,
            FailJob failJob,
            SnoozeJob snoozeJob,
            Clock clock,
            Runnable afterFlush) {
        this.clock = clock;
        this.completeJob = completeJob;
        this.failJob = failJob;
        this.snoozeJob = snoozeJob;
        this.afterFlush = afterFlush;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::recordUntilStopped);
    }

    /**
     * Hands a finished attempt over; waits while the queue is full. Once the recorder is stopping, writes it on the
     * caller's thread instead: nobody would read the queue any more.
     */
    void record(Job job, HandlerResult result, AttemptTrace trace) {
        synchronized (idle) {
            unrecorded++;
        }
        if (stopping) {
            writeOrGiveUp(new ArrayList<>(List.of(new Finished(job, result, trace))));
            return;
        }
        boolean handedOver = false;
        try {
            queue.put(new Finished(job, result, trace));
            handedOver = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The lease will expire and the reaper will count the attempt as failed: nothing is lost.
            LOG.log(Level.WARNING, "job {0}: interrupted before its result was handed over", job.id());
            trace.abandoned("interrupted before its result was handed over", clock.now());
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
        stop.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Finished> rest = new ArrayList<>(unwrittenAtStop);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        // Handler threads blocked on a full queue hand their results over as it drains: keep draining while any result
        // is on its way, so none is left in a queue nobody reads.
        while (true) {
            queue.drainTo(rest);
            writeOrGiveUp(rest);
            rest.clear();
            try {
                synchronized (idle) {
                    if (unrecorded == 0 || System.nanoTime() > deadline) {
                        if (unrecorded > 0) {
                            LOG.log(Level.ERROR, unrecorded + " finished attempt(s) were not handed over by shutdown");
                        }
                        return;
                    }
                    idle.wait(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes {@code results} once; at shutdown there is no later batch, so what the store cannot take is given up. */
    private void writeOrGiveUp(List<Finished> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Finished> unwritten = write(results);
        if (!unwritten.isEmpty()) {
            // The leases will expire and the reaper will count these attempts as failed.
            LOG.log(Level.ERROR, "gave up recording " + unwritten.size() + " finished attempt(s) at shutdown");
            done(unwritten.size());
        }
    }

    private void recordUntilStopped() {
        List<Finished> batch = new ArrayList<>(MAX_BATCH);
        Duration pause = FIRST_RETRY;
        while (!stopping) {
            if (batch.isEmpty()) {
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
            }
            queue.drainTo(batch, MAX_BATCH - batch.size());
            List<Finished> unwritten = write(batch);
            batch.clear();
            batch.addAll(unwritten);
            if (unwritten.isEmpty()) {
                pause = FIRST_RETRY;
            } else {
                awaitStop(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY) < 0 ? pause.multipliedBy(2) : MAX_RETRY;
            }
        }
        unwrittenAtStop = List.copyOf(batch);
    }

    /** Waits {@code pause} before writing again, or less if {@link #close()} is called meanwhile. */
    private void awaitStop(Duration pause) {
        try {
            stop.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Only close() ends the loop; it sets stopping first.
        }
    }

    /**
     * Writes one result at once, on the caller's thread: for rare events (a timeout) that must not wait in line. If the
     * store cannot take it, it goes to the recorder thread, which writes it with the others once the store is back.
     */
    void recordNow(Job job, HandlerResult result, AttemptTrace trace) {
        Finished finished = new Finished(job, result, trace);
        if (store(List.of(finished)).isEmpty()) {
            return;
        }
        synchronized (idle) {
            unrecorded++;
        }
        if (!queue.offer(finished)) {
            done(1);
            // The lease will expire and the reaper will count the attempt as failed.
            LOG.log(Level.ERROR, "job {0}: could not record its timeout; the recorder is full", job.id());
            trace.abandoned("the recorder was full", clock.now());
        }
    }

    /** Writes {@code batch}; returns the results the store could not take (it was unavailable), still unrecorded. */
    private List<Finished> write(List<Finished> batch) {
        List<Finished> unwritten = batch;
        try {
            unwritten = store(batch);
        } finally {
            done(batch.size() - unwritten.size());
            afterFlush.run();
        }
        return unwritten;
    }

    /**
     * Completes, fails and snoozes {@code batch} in one transaction each; returns the results of a transaction the store could
     * not run ({@link StoreUnavailableException}), to be written again. Any other failure is logged, never thrown.
     */
    private List<Finished> store(List<Finished> batch) {
        List<Finished> succeeded = new ArrayList<>();
        List<Completion> completions = new ArrayList<>();
        List<Finished> failed = new ArrayList<>();
        List<FailureReport> failures = new ArrayList<>();
        List<Finished> snoozed = new ArrayList<>();
        List<SnoozeReport> snoozes = new ArrayList<>();
        for (Finished finished : batch) {
            Job job = finished.job();
            switch (finished.result()) {
                case HandlerResult.Success success -> {
                    succeeded.add(finished);
                    completions.add(Completion.of(job, success.result()));
                }
                case HandlerResult.Retry retry -> {
                    failed.add(finished);
                    failures.add(FailureReport.of(job, Failure.retryable(retry.message())));
                }
                case HandlerResult.Permanent permanent -> {
                    failed.add(finished);
                    failures.add(FailureReport.of(job, Failure.permanent(permanent.message())));
                }
                case HandlerResult.Snooze snooze -> {
                    // While the lease holds, only this worker changes the job, so the claimed copy's count is current.
                    // Past the cap the store would refuse the snooze and leave the job to its lease: a failed attempt
                    // instead keeps a job that always says "not yet" moving towards dead.
                    if (job.snoozes() >= JobLimits.MAX_SNOOZES) {
                        failed.add(finished);
                        failures.add(FailureReport.of(
                                job,
                                Failure.retryable("snoozed " + job.snoozes() + " times, the most a job may ("
                                        + JobLimits.MAX_SNOOZES + " per retry cycle)")));
                    } else {
                        snoozed.add(finished);
                        snoozes.add(SnoozeReport.of(job, snooze.delay()));
                    }
                }
            }
        }
        List<Finished> unwritten = new ArrayList<>();
        unwritten.addAll(storePart("complete", succeeded, () -> completeJob.completeAll(completions)));
        unwritten.addAll(storePart("fail", failed, () -> failJob.failAll(failures)));
        unwritten.addAll(storePart("snooze", snoozed, () -> snoozeJob.snoozeAll(snoozes)));
        return unwritten;
    }

    /**
     * Runs one of {@link #store}'s transactions, the {@code outcome} of each attempt of {@code part}; returns
     * {@code part} if the store was unavailable, else nothing.
     */
    private List<Finished> storePart(String outcome, List<Finished> part, Supplier<List<ChangeOutcome>> transaction) {
        if (part.isEmpty()) {
            return List.of();
        }
        Instant started = clock.now();
        try {
            List<ChangeOutcome> outcomes = transaction.get();
            Instant ended = clock.now();
            logRejections(outcomes);
            Map<JobId, ChangeOutcome> byJob = new HashMap<>();
            outcomes.forEach(each -> byJob.put(each.id(), each));
            for (Finished finished : part) {
                if (byJob.get(finished.job().id()) instanceof ChangeOutcome.Applied) {
                    finished.trace().stored(outcome, started, ended);
                } else {
                    finished.trace().abandoned("its " + outcome + " was not recorded", ended);
                }
            }
            return List.of();
        } catch (StoreUnavailableException e) {
            LOG.log(
                    Level.WARNING,
                    "could not record " + part.size() + " finished attempt(s), will try again: " + e.getMessage());
            return part;
        } catch (RuntimeException e) {
            // The leases will expire and the reaper will count these attempts as failed.
            LOG.log(Level.ERROR, "could not record " + part.size() + " finished attempt(s)", e);
            Instant failedAt = clock.now();
            part.forEach(finished -> finished.trace().abandoned("its " + outcome + " could not be recorded", failedAt));
            return List.of();
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
