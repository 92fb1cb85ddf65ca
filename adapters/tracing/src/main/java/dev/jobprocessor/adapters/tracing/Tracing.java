package dev.jobprocessor.adapters.tracing;

import dev.jobprocessor.application.port.AttemptTrace;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * This process's tracing (docs/OBSERVABILITY.md, "Traces"). With {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) set, the OpenTelemetry SDK is configured from the standard
 * {@code OTEL_*} variables and exports spans over OTLP; otherwise nothing is recorded or sent, but an incoming
 * {@code traceparent} is still read and stored with the jobs a request submits, so a traced client or remote worker
 * keeps its trace across the queue.
 */
public final class Tracing implements AutoCloseable {

    private static final String INSTRUMENTATION = "dev.jobprocessor";

    private final OpenTelemetry openTelemetry;
    /** The SDK this class built, to shut down on {@link #close}; null when it built none. */
    private final OpenTelemetrySdk sdk;

    private final boolean recording;
    private final JobTracing jobs;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, boolean recording) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.recording = recording;
        JobTracing traced = new OpenTelemetryJobTracing(openTelemetry.getTracer(INSTRUMENTATION));
        // Not recording, the attempts' spans would be no-ops built per job: skip them, keep reading the current trace.
        this.jobs = recording ? traced : new PropagatingOnly(traced);
    }

    /**
     * From the process's variables: the SDK when an OTLP endpoint is set (and {@code OTEL_SDK_DISABLED} is not
     * {@code true}), else {@link #propagatingOnly()}. An invalid {@code OTEL_*} setting is an
     * {@link IllegalArgumentException} whose message names it.
     */
    public static Tracing fromEnvironment(Map<String, String> env) {
        boolean endpoint = !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
                || !env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
        boolean disabled = "true"
                .equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip());
        if (!endpoint || disabled) {
            return propagatingOnly();
        }
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.service.name", "job-processor",
                            // Metrics are Prometheus's (/metrics), logs go to standard output: only traces here.
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none",
                            "otel.traces.exporter", "otlp",
                            // The specification's default and the collector's port 4318; Java's own default is grpc.
                            "otel.exporter.otlp.protocol", "http/protobuf"))
                    .addPropertiesCustomizer(config -> asProperties(env))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            return new Tracing(sdk, sdk, true);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("OpenTelemetry settings (OTEL_*): " + e.getMessage(), e);
        }
    }

    /**
     * Tracing over {@code openTelemetry} as given, recording: an SDK built and closed elsewhere (a test's in-memory
     * exporter, say).
     */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry, null, true);
    }

    /** Records and exports nothing; reads and passes on W3C trace context only. */
    public static Tracing propagatingOnly() {
        return new Tracing(
                OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
                null,
                false);
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The port the use cases and the worker trace through. */
    public JobTracing jobs() {
        return jobs;
    }

    /** True when spans are recorded and exported (an SDK runs). */
    public boolean exporting() {
        return recording;
    }

    /**
     * {@code dataSource} with every statement a span (the SQL with its values left out) when it runs inside a trace
     * ({@link InTraceDataSource}); the same data source when nothing is exported, so that tracing off costs the
     * database path nothing.
     */
    public DataSource traced(DataSource dataSource) {
        if (!exporting()) {
            return dataSource;
        }
        return new InTraceDataSource(
                dataSource,
                JdbcTelemetry.builder(openTelemetry)
                        .setDataSourceInstrumenterEnabled(false)
                        .setQuerySanitizationEnabled(true)
                        .build()
                        .wrap(dataSource));
    }

    /** Sends the spans still buffered (waiting up to 10 s) and stops the SDK. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Reads the current trace for new jobs, and traces nothing else: nothing would be recorded. */
    private record PropagatingOnly(JobTracing traced) implements JobTracing {

        @Override
        public Optional<TraceParent> current() {
            return traced.current();
        }

        @Override
        public AttemptTrace attempt(Job job, String workerId, Instant claimStarted, Instant claimed) {
            return AttemptTrace.NONE;
        }

        @Override
        public void remoteStep(Job job, String step, Instant started, Instant ended) {}
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} → {@code otel.exporter.otlp.endpoint}, for every {@code OTEL_*} variable. */
    private static Map<String, String> asProperties(Map<String, String> env) {
        Map<String, String> properties = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }
}
