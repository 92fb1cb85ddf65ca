package dev.jobprocessor.adapters.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import dev.jobprocessor.domain.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracing adapter against the OpenTelemetry SDK with its in-memory exporter. */
class TracingTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();
    private final Tracing tracing = Tracing.of(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    private static Job job(TraceParent trace) {
        return Job.create(
                JobId.newId(NOW, new Random(1)), JobRequest.ofType("email.send").validate(), NOW, null, trace);
    }

    @Test
    @SuppressWarnings("try")
    void anAttemptIsAChildOfTheSpanItsJobWasSubmittedInWithItsClaimRunAndStoredOutcome() throws Exception {
        Span submit = sdk.getTracer("test").spanBuilder("POST /jobs").startSpan();
        TraceParent stored;
        try (Scope ignored = submit.makeCurrent()) {
            stored = tracing.jobs().current().orElseThrow();
        } finally {
            submit.end();
        }
        Job claimed = job(stored).claim("worker-1", new LeaseToken("t"), Duration.ofSeconds(30), NOW.plusSeconds(1));

        AttemptTrace attempt = tracing.jobs().attempt(claimed, "worker-1", NOW.plusSeconds(1), NOW.plusMillis(1_010));
        HandlerResult result = attempt.run(() -> {
            assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(stored.traceId());
            return HandlerResult.success(Json.EMPTY_OBJECT);
        });
        attempt.stored("complete", NOW.plusSeconds(2), NOW.plusMillis(2_005));

        assertThat(result).isEqualTo(HandlerResult.success(Json.EMPTY_OBJECT));
        assertThat(stored.spanId()).isEqualTo(submit.getSpanContext().getSpanId());
        Map<String, SpanData> byName = byName(exported.getFinishedSpanItems());
        assertThat(byName).containsOnlyKeys("POST /jobs", "job.attempt", "job.claim", "job.run", "job.complete");
        assertThat(byName.values())
                .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(stored.traceId()));
        SpanData attemptSpan = byName.get("job.attempt");
        assertThat(attemptSpan.getParentSpanId())
                .isEqualTo(submit.getSpanContext().getSpanId());
        assertThat(attemptSpan.getAttributes().get(OpenTelemetryJobTracing.JOB_ID))
                .isEqualTo(claimed.id().toString());
        assertThat(attemptSpan.getAttributes().get(OpenTelemetryJobTracing.JOB_ATTEMPT))
                .isEqualTo(1L);
        assertThat(attemptSpan.getAttributes().get(OpenTelemetryJobTracing.JOB_OUTCOME))
                .isEqualTo("complete");
        assertThat(attemptSpan.getEndEpochNanos()).isEqualTo(epochNanos(NOW.plusMillis(2_005)));
        for (String child : List.of("job.claim", "job.run", "job.complete")) {
            assertThat(byName.get(child).getParentSpanId()).as(child).isEqualTo(attemptSpan.getSpanId());
        }
        assertThat(byName.get("job.claim").getStartEpochNanos()).isEqualTo(epochNanos(NOW.plusSeconds(1)));
        assertThat(byName.get("job.claim").getEndEpochNanos()).isEqualTo(epochNanos(NOW.plusMillis(1_010)));
    }

    @Test
    void aFailingHandlerMarksItsRunAndAnAbandonedAttemptIsAnError() {
        Job claimed = job(null).claim("w", new LeaseToken("t"), Duration.ofSeconds(30), NOW);
        AttemptTrace attempt = tracing.jobs().attempt(claimed, "w", NOW, NOW);

        assertThatThrownBy(() -> attempt.run(() -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        attempt.abandoned("lease lost", NOW.plusSeconds(1));

        Map<String, SpanData> byName = byName(exported.getFinishedSpanItems());
        assertThat(byName.get("job.run").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(byName.get("job.run").getEvents())
                .anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
        assertThat(byName.get("job.attempt").getStatus().getDescription()).isEqualTo("lease lost");
        assertThat(byName.get("job.attempt").getParentSpanContext().isValid())
                .as("a job submitted outside any trace starts one with its attempt")
                .isFalse();
    }

    @Test
    @SuppressWarnings("try")
    void withoutAnEndpointNothingIsExportedButAnIncomingTraceparentIsStillRead() {
        Tracing off = Tracing.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"));
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Context extracted = off.openTelemetry()
                .getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), Map.of("traceparent", incoming), MAP_GETTER);

        Span request = off.openTelemetry()
                .getTracer("test")
                .spanBuilder("POST /jobs")
                .setParent(extracted)
                .startSpan();
        try (Scope ignored = request.makeCurrent()) {
            assertThat(off.jobs().current()).contains(new TraceParent(incoming));
        }
        assertThat(off.exporting()).isFalse();
        assertThat(off.jobs().attempt(job(null), "w", NOW, NOW))
                .as("no span is built per attempt when nothing is recorded")
                .isSameAs(AttemptTrace.NONE);
        assertThat(off.jobs().current()).isEmpty();
    }

    @Test
    void anEndpointTurnsTheSdkOnAndABadSettingIsRefusedNamingIt() {
        try (Tracing on = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))) {
            assertThat(on.exporting()).isTrue();
        }
        try (Tracing disabled = Tracing.fromEnvironment(
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "OTEL_SDK_DISABLED", "true"))) {
            assertThat(disabled.exporting()).isFalse();
        }
        assertThatThrownBy(() -> Tracing.fromEnvironment(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "OTEL_TRACES_SAMPLER", "bogus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTEL_")
                .hasMessageContaining("bogus");
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static Map<String, SpanData> byName(List<SpanData> spans) {
        return spans.stream().collect(java.util.stream.Collectors.toMap(SpanData::getName, span -> span, (a, b) -> {
            throw new AssertionError("two spans named " + a.getName());
        }));
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
