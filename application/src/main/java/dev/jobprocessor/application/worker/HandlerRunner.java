package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.port.ContextJobHandler;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one attempt's handler on the calling thread and turns however it ended into a {@link HandlerResult}. The
 * result goes to the {@link ResultRecorder} only if the handler is the party that settles the attempt (see
 * {@link Attempt}); a timeout, a lost lease, a cancel or shutdown that settled it first has already freed its slot,
 * and the late result is discarded.
 */
final class HandlerRunner {

    private static final System.Logger LOG = System.getLogger(HandlerRunner.class.getName());

    private final JobHandlers handlers;
    private final ResultRecorder recorder;
    private final String workerId;
    private final Function<JobId, List<Dependency>> dependencies;

    HandlerRunner(
            JobHandlers handlers,
            ResultRecorder recorder,
            String workerId,
            Function<JobId, List<Dependency>> dependencies) {
        this.handlers = handlers;
        this.dependencies = dependencies;
        this.recorder = recorder;
        this.workerId = workerId;
    }

    /**
     * Runs {@code attempt} and tells {@code pace} how long its handler took. True if this run settled the attempt and
     * handed its result over: its slot is then the caller's to free. The job stays {@code running} in the store, under
     * its lease, until the recorder's batch commits.
     */
    boolean run(Attempt attempt, HandlerPace pace) {
        // Registered before the check, so a timeout that settles the attempt from now on can interrupt this thread.
        attempt.runningOn(Thread.currentThread());
        HandlerResult result;
        try {
            if (attempt.isSettled()) {
                return false; // timed out or handed back before its handler started
            }
            long started = System.nanoTime();
            result = invoke(attempt);
            pace.handlerTook(System.nanoTime() - started);
        } finally {
            attempt.finished();
        }
        if (!attempt.settle()) {
            return false;
        }
        recorder.record(attempt.job(), result, attempt.trace());
        return true;
    }

    private HandlerResult invoke(Attempt attempt) {
        Job job = attempt.job();
        ContextJobHandler handler = handlers.find(job.type()).orElse(null);
        if (handler == null) {
            return HandlerResult.permanent("no handler is registered for type '" + job.type() + "'");
        }
        try {
            HandlerResult result =
                    attempt.trace().run(() -> handler.handle(job, new AttemptContext(attempt, job.id(), dependencies)));
            return result != null ? result : HandlerResult.retry("the handler returned no result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HandlerResult.retry("interrupted");
        } catch (Exception e) {
            return HandlerResult.retry(describe(e));
        } catch (Error e) {
            // Recorded as a failed attempt like any other; the thread goes on with the buffered jobs.
            LOG.log(Level.ERROR, "worker " + workerId + ": job " + job.id() + " ended with", e);
            return HandlerResult.retry("the handler ended abnormally");
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
