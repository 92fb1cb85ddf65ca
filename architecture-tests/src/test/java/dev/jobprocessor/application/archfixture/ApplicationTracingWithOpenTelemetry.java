package dev.jobprocessor.application.archfixture;

import io.opentelemetry.api.trace.Span;

/** Bad: the application reading OpenTelemetry's current span instead of asking the JobTracing port. */
public final class ApplicationTracingWithOpenTelemetry {

    private ApplicationTracingWithOpenTelemetry() {}

    public static String currentTraceId() {
        return Span.current().getSpanContext().getTraceId();
    }
}
