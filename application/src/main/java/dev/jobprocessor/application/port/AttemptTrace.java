package dev.jobprocessor.application.port;

import java.time.Instant;
import java.util.concurrent.Callable;

/** The trace of one attempt on this process's worker, from its claim to its stored outcome ({@link JobTracing}). */
public interface AttemptTrace {

    /** Runs the handler with the attempt's run span current, so that what the handler traces joins the job's trace. */
    HandlerResult run(Callable<HandlerResult> handler) throws Exception;

    /**
     * The attempt's outcome was stored ({@code complete}, {@code fail}, {@code snooze}, or {@code release} when it was
     * handed back) from {@code started} to {@code ended}: the attempt's trace ends.
     */
    void stored(String outcome, Instant started, Instant ended);

    /** The attempt ended without this worker storing an outcome ({@code why}: its lease was lost, say). */
    void abandoned(String why, Instant at);

    AttemptTrace NONE = new AttemptTrace() {
        @Override
        public HandlerResult run(Callable<HandlerResult> handler) throws Exception {
            return handler.call();
        }

        @Override
        public void stored(String outcome, Instant started, Instant ended) {}

        @Override
        public void abandoned(String why, Instant at) {}
    };
}
