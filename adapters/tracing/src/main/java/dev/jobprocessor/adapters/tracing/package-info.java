/**
 * Traces across the queue over OpenTelemetry (docs/OBSERVABILITY.md, "Traces"): {@link
 * dev.jobprocessor.adapters.tracing.Tracing} configures the SDK from the standard {@code OTEL_*} variables and
 * implements the {@code JobTracing} port, so that each attempt of a job joins the trace it was submitted in, and
 * wraps the connection pool so that database calls are spans.
 */
package dev.jobprocessor.adapters.tracing;
