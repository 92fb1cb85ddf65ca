package dev.jobprocessor.adapters.memory.usecases;

import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.TraceParent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tracing port as a record of what the use cases told it, in order: one line per call, e.g.
 * {@code "attempt <job id> test-worker"}, {@code "stored complete <job id>"}. {@link #current} is the trace a submit
 * runs in; {@link #RUNNING} tells a handler whether it runs inside its attempt's run span.
 */
final class RecordingTracing implements JobTracing {

    static final ThreadLocal<String> RUNNING = new ThreadLocal<>();

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile TraceParent current;

    @Override
    public Optional<TraceParent> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public AttemptTrace attempt(Job job, String workerId, Instant claimStarted, Instant claimed) {
        if (claimed.isBefore(claimStarted)) {
            throw new AssertionError("a claim that ended before it started");
        }
        calls.add("attempt " + job.id() + " " + workerId);
        return new AttemptTrace() {
            @Override
            public HandlerResult run(Callable<HandlerResult> handler) throws Exception {
                calls.add("run " + job.id());
                RUNNING.set(job.id().toString());
                try {
                    return handler.call();
                } finally {
                    RUNNING.remove();
                }
            }

            @Override
            public void stored(String outcome, Instant started, Instant ended) {
                calls.add("stored " + outcome + " " + job.id() + (ended.isBefore(started) ? " backwards" : ""));
            }

            @Override
            public void abandoned(String why, Instant at) {
                calls.add("abandoned " + job.id() + ": " + why);
            }
        };
    }

    @Override
    public void remoteStep(Job job, String step, Instant started, Instant ended) {
        calls.add("remote " + step + " " + job.id());
    }
}
