package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.adapters.tracing.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces across the queue, end to end (docs/OBSERVABILITY.md, "Traces"): the whole service on PostgreSQL with the
 * OpenTelemetry SDK's in-memory exporter. One submit over HTTP with a {@code traceparent} is one trace holding the
 * request, its database calls, the job's attempt and its completion — by the embedded worker, and by a remote worker
 * over the worker protocol.
 */
class TracingServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final HttpClient client = HttpClient.newHttpClient();
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final Map<String, String> env = new HashMap<>();
    private String database;
    private Service service;

    @BeforeEach
    void start() throws Exception {
        String server = System.getenv("JOBS_TEST_DATABASE_URL");
        if (server != null && !server.isBlank()) {
            database = "tracing_" + UUID.randomUUID().toString().substring(0, 8);
            try (Connection admin = DriverManager.getConnection(server);
                    Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE " + database);
            }
            env.put("JOBS_DATABASE_URL", server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database));
        } else {
            env.put("JOBS_DATA_DIR", Files.createTempDirectory("tracing-db").toString());
        }
        env.put("JOBS_HTTP_PORT", "0");
        env.put("JOBS_POLL_INTERVAL_MS", "20");
        env.put("JOBS_QUEUES", "default");
        service = Service.start(Command.SERVE, Settings.fromEnvironment(env), Tracing.of(sdk));
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        sdk.close();
        if (database != null) {
            try (Connection admin = DriverManager.getConnection(System.getenv("JOBS_TEST_DATABASE_URL"));
                    Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void oneSubmitOverHttpIsOneTraceWithTheRequestItsQueriesTheAttemptAndItsCompletion() throws Exception {
        JsonNode submitted = post("/jobs", "{\"type\":\"echo\",\"payload\":{\"n\":1}}");
        String id = submitted.path("id").asText();

        assertThat(submitted.path("traceparent").asText()).startsWith("00-" + CALLER_TRACE + "-");
        awaitState(id, "completed");
        awaitSpan(span -> span.getName().equals("job.complete"));

        List<SpanData> trace = inTrace(CALLER_TRACE);
        SpanData request = only(trace, "POST /jobs");
        SpanData attempt = only(trace, "job.attempt");
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(submitted.path("traceparent").asText()).contains("-" + request.getSpanId() + "-");
        assertThat(attempt.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(attempt.getAttributes().asMap().values()).contains(id, "complete");
        for (String step : List.of("job.claim", "job.run", "job.complete")) {
            assertThat(only(trace, step).getParentSpanId()).as(step).isEqualTo(attempt.getSpanId());
        }
        assertThat(trace)
                .as("the insert the submit made, a database span under the request")
                .anySatisfy(span -> {
                    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
                    assertThat(span.getParentSpanId()).isEqualTo(request.getSpanId());
                    assertThat(span.getName()).containsIgnoringCase("insert");
                });
    }

    @Test
    void aRemoteWorkersClaimAndCompletionJoinTheJobsTrace() throws Exception {
        String id = post("/jobs", "{\"type\":\"report\",\"queue\":\"remote\"}")
                .path("id")
                .asText();
        JsonNode leased = post("/leases", "{\"worker_id\":\"remote-1\",\"queues\":[\"remote\"],\"limit\":1}")
                .path("jobs")
                .get(0);

        assertThat(leased.path("traceparent").asText()).startsWith("00-" + CALLER_TRACE + "-");
        post(
                "/leases/complete",
                "{\"jobs\":[{\"id\":\"" + id + "\",\"lease_token\":\""
                        + leased.path("lease_token").asText() + "\"}]}");
        awaitState(id, "completed");

        List<SpanData> trace = inTrace(CALLER_TRACE);
        String submitSpan = only(trace, "POST /jobs").getSpanId();
        assertThat(only(trace, "job.claim").getParentSpanId()).isEqualTo(submitSpan);
        assertThat(only(trace, "job.complete").getParentSpanId()).isEqualTo(submitSpan);
        assertThat(only(trace, "job.complete").getAttributes().asMap().values()).contains(id, "remote-1");
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return JSON.readTree(answer.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }

    private void awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = client.send(HttpRequest.newBuilder(uri("/jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            if (JSON.readTree(body).path("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " never reached " + state + "; last: " + body);
    }

    private void awaitSpan(Predicate<SpanData> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exported.getFinishedSpanItems().stream().noneMatch(wanted)) {
            assertThat(System.nanoTime()).as("the span within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private List<SpanData> inTrace(String traceId) {
        return exported.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> named =
                spans.stream().filter(span -> span.getName().equals(name)).toList();
        assertThat(named)
                .as(
                        "spans named %s among %s",
                        name, spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return named.getFirst();
    }
}
