package dev.jobprocessor.adapters.tracing;

import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.TraceParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@link JobTracing} port over OpenTelemetry. An attempt is a {@code job.attempt} span in the job's stored trace
 * (a child of the span the job was submitted in), with the children {@code job.claim}, {@code job.run} (current while
 * the handler runs) and one for how it was stored: {@code job.complete}, {@code job.fail}, {@code job.snooze} or
 * {@code job.release}. A remote worker's claim and reports are such steps too, children of the stored trace.
 */
final class OpenTelemetryJobTracing implements JobTracing {

    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("job.id");
    static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("job.type");
    static final AttributeKey<String> JOB_QUEUE = AttributeKey.stringKey("job.queue");
    static final AttributeKey<Long> JOB_ATTEMPT = AttributeKey.longKey("job.attempt");
    static final AttributeKey<String> JOB_OUTCOME = AttributeKey.stringKey("job.outcome");
    static final AttributeKey<String> WORKER_ID = AttributeKey.stringKey("worker.id");

    private final Tracer tracer;

    OpenTelemetryJobTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Optional<TraceParent> current() {
        return TraceParents.of(Span.current().getSpanContext());
    }

    @Override
    public AttemptTrace attempt(Job job, String workerId, Instant claimStarted, Instant claimed) {
        Span attempt = describe(tracer.spanBuilder("job.attempt"), job)
                .setParent(TraceParents.context(job.traceParent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(WORKER_ID, workerId)
                .setStartTimestamp(claimStarted)
                .startSpan();
        Context inAttempt = Context.root().with(attempt);
        tracer.spanBuilder("job.claim")
                .setParent(inAttempt)
                .setStartTimestamp(claimStarted)
                .startSpan()
                .end(claimed);
        return new Trace(attempt, inAttempt);
    }

    @Override
    public void remoteStep(Job job, String step, Instant started, Instant ended) {
        describe(tracer.spanBuilder("job." + step), job)
                .setParent(TraceParents.context(job.traceParent()))
                .setAttribute(WORKER_ID, job.leaseOwner() == null ? "" : job.leaseOwner())
                .setStartTimestamp(started)
                .startSpan()
                .end(ended);
    }

    private static SpanBuilder describe(SpanBuilder span, Job job) {
        return span.setAttribute(JOB_ID, job.id().toString())
                .setAttribute(JOB_TYPE, job.type())
                .setAttribute(JOB_QUEUE, job.queue())
                .setAttribute(JOB_ATTEMPT, (long) job.attempts());
    }

    /** One attempt's spans: the attempt, open until its outcome is stored or it is abandoned. */
    private final class Trace implements AttemptTrace {

        private final Span attempt;
        private final Context inAttempt;

        Trace(Span attempt, Context inAttempt) {
            this.attempt = attempt;
            this.inAttempt = inAttempt;
        }

        @Override
        @SuppressWarnings("try") // the scope is only held open while the handler runs
        public HandlerResult run(Callable<HandlerResult> handler) throws Exception {
            Span run = tracer.spanBuilder("job.run").setParent(inAttempt).startSpan();
            try (Scope ignored = run.makeCurrent()) {
                HandlerResult result = handler.call();
                switch (result) {
                    case HandlerResult.Success success -> run.setAttribute(JOB_OUTCOME, "success");
                    case HandlerResult.Retry retry -> failed(run, "retry", retry.message());
                    case HandlerResult.Permanent permanent -> failed(run, "permanent", permanent.message());
                    case HandlerResult.Snooze snooze -> run.setAttribute(JOB_OUTCOME, "snooze");
                    case null -> failed(run, "retry", "the handler returned no result");
                }
                return result;
            } catch (Exception | Error e) {
                run.recordException(e);
                failed(run, "retry", String.valueOf(e.getMessage()));
                throw e;
            } finally {
                run.end();
            }
        }

        @Override
        public void stored(String outcome, Instant started, Instant ended) {
            tracer.spanBuilder("job." + outcome)
                    .setParent(inAttempt)
                    .setStartTimestamp(started)
                    .startSpan()
                    .end(ended);
            attempt.setAttribute(JOB_OUTCOME, outcome);
            attempt.end(ended);
        }

        @Override
        public void abandoned(String why, Instant at) {
            attempt.setAttribute(JOB_OUTCOME, "abandoned");
            attempt.setStatus(StatusCode.ERROR, why);
            attempt.end(at);
        }

        private static void failed(Span span, String outcome, String message) {
            span.setAttribute(JOB_OUTCOME, outcome);
            span.setStatus(StatusCode.ERROR, message);
        }
    }
}
