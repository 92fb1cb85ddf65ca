package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jobprocessor.client.worker.HandlerResult;
import dev.jobprocessor.client.worker.RemoteWorker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jar with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set exports its spans over OTLP (docs/OBSERVABILITY.md, "Traces"):
 * a loopback collector that keeps what it is sent finds, in the caller's trace, the submit, the embedded worker's
 * attempt and a remote worker's claim and completion.
 */
class TraceExportTest {

    private static final String TRACE_ID = "5af7183fb1d4cf5f8b1a2e3c4d5e6f70";

    @Test
    void theJarExportsEachJobsStepsInTheTraceItWasSubmittedIn() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.write(body);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try (RunningService service = new RunningService(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://127.0.0.1:" + collector.getAddress().getPort(),
                "OTEL_SERVICE_NAME", "jobs-under-test",
                "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
            JobsClient client =
                    JobsClient.builder(service.base).token(RunningService.TOKEN).build();
            String embedded = submitInTrace(service, "{\"type\":\"echo\"}");
            String remote = submitInTrace(service, "{\"type\":\"remote.step\",\"queue\":\"traced\"}");
            try (RemoteWorker worker = RemoteWorker.builder(client, "traced-remote-1")
                    .queues("traced")
                    .longPoll(Duration.ofSeconds(1))
                    .handler("remote.step", job -> HandlerResult.success())
                    .build()) {
                worker.start();
                for (String id : List.of(embedded, remote)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!client.get(id).isFinished()) {
                        assertThat(System.nanoTime()).as("job %s finished", id).isLessThan(deadline);
                        Thread.sleep(50);
                    }
                }
            }

            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            List<String> expected = List.of(
                    "jobs-under-test",
                    "POST /jobs",
                    "job.attempt",
                    "job.run",
                    "job.claim",
                    "job.complete",
                    "traced-remote-1",
                    embedded,
                    remote);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String exported = "";
            while (System.nanoTime() < deadline) {
                synchronized (received) {
                    exported = received.toString(StandardCharsets.ISO_8859_1);
                }
                String sofar = exported;
                if (expected.stream().allMatch(sofar::contains)
                        && sofar.contains(new String(traceId, StandardCharsets.ISO_8859_1))) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(exported).contains(expected);
            assertThat(exported).contains(new String(traceId, StandardCharsets.ISO_8859_1));
        } finally {
            collector.stop(0);
        }
    }

    private static String submitInTrace(RunningService service, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.base + "/jobs"))
                                .header("Authorization", "Bearer " + RunningService.TOKEN)
                                .header("Content-Type", "application/json")
                                .header("traceparent", "00-" + TRACE_ID + "-1234567890abcdef-01")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"traceparent\":\"00-" + TRACE_ID + "-");
        return answer.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }
}
