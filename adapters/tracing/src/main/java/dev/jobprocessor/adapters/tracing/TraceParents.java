package dev.jobprocessor.adapters.tracing;

import dev.jobprocessor.domain.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Optional;

/** Between OpenTelemetry's span contexts and the W3C {@code traceparent} text a job stores. */
final class TraceParents {

    private TraceParents() {}

    /** The traceparent of {@code span}'s context; empty when it has none (no trace is current). */
    static Optional<TraceParent> of(SpanContext span) {
        if (!span.isValid()) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex()));
    }

    /** A context whose parent is the span {@code parent} names, as if it came over the wire; the root without one. */
    static Context context(TraceParent parent) {
        if (parent == null) {
            return Context.root();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(
                parent.traceId(),
                parent.spanId(),
                TraceFlags.fromHex(parent.text(), parent.text().length() - 2),
                TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }
}
