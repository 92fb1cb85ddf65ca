package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole service on the in-memory store, over a real socket: submit built-in jobs and watch them finish. */
class ServiceTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private String send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String awaitState(int port, String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/" + id))
                    .build());
            if (body.contains("\"state\":\"" + state + "\"")) {
                return body;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("job " + id + " never reached " + state + "; last: " + body);
    }

    private String submit(int port, String json) throws Exception {
        String body = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
        return body.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void servesJobsEndToEndInMemory() throws Exception {
        Settings settings = Settings.fromEnvironment(Map.of(
                "JOBS_STORE",
                "memory",
                "JOBS_HTTP_PORT",
                "0",
                "JOBS_POLL_INTERVAL_MS",
                "20",
                "JOBS_SHUTDOWN_GRACE_SECONDS",
                "1"));
        try (Service service = Service.start(Command.SERVE, settings)) {
            int port = service.httpPort();
            assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build()))
                    .contains("ok");

            String echo = submit(port, "{\"type\":\"echo\",\"payload\":{\"x\":1}}");
            String permanent = submit(port, "{\"type\":\"fail\",\"payload\":{\"permanent\":true}}");

            assertThat(awaitState(port, echo, "completed")).contains("\"result\":{\"x\":1}");
            assertThat(awaitState(port, permanent, "failed")).contains("\"attempts\":1");
        }
    }
}
