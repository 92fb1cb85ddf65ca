package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.TraceParent;
import java.time.Instant;
import java.util.Optional;

/**
 * Traces across the queue (docs/OBSERVABILITY.md, "Traces"): the trace a job is submitted in is stored with it, and
 * each of its attempts joins that trace. Implemented over OpenTelemetry by {@code adapters/tracing}; {@link #NONE}
 * when tracing is off, so that this module names no tracing library.
 */
public interface JobTracing {

    /** The trace context current on the calling thread (a submit's request), to store with new jobs; empty if none. */
    Optional<TraceParent> current();

    /**
     * An attempt this process's worker claimed: its trace starts at {@code claimStarted} with the claim, which
     * returned at {@code claimed}, in the job's stored trace.
     */
    AttemptTrace attempt(Job job, String workerId, Instant claimStarted, Instant claimed);

    /**
     * A step of an attempt a remote worker took over the worker protocol (the claim, or the report of its outcome:
     * {@code complete}, {@code fail}, {@code snooze}, {@code release}), from {@code started} to {@code ended}.
     */
    void remoteStep(Job job, String step, Instant started, Instant ended);

    JobTracing NONE = new JobTracing() {
        @Override
        public Optional<TraceParent> current() {
            return Optional.empty();
        }

        @Override
        public AttemptTrace attempt(Job job, String workerId, Instant claimStarted, Instant claimed) {
            return AttemptTrace.NONE;
        }

        @Override
        public void remoteStep(Job job, String step, Instant started, Instant ended) {}
    };
}
