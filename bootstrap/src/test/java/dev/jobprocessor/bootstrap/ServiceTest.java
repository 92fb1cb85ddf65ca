package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole service on the in-memory store, over a real socket: submit built-in jobs and watch them finish. */
class ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void servesEveryQueueGivenSlotsOfItsOwn() throws Exception {
        Settings settings = Settings.fromEnvironment(Map.of(
                "JOBS_STORE",
                "memory",
                "JOBS_HTTP_PORT",
                "0",
                "JOBS_POLL_INTERVAL_MS",
                "20",
                "JOBS_QUEUES",
                "default:2,reports:1"));
        try (Service service = Service.start(Command.SERVE, settings)) {
            int port = service.httpPort();

            String inDefault = submit(port, "{\"type\":\"echo\",\"payload\":{\"q\":\"default\"}}");
            String inReports =
                    submit(port, "{\"type\":\"echo\",\"payload\":{\"q\":\"reports\"},\"queue\":\"reports\"}");

            assertThat(awaitState(port, inDefault, "completed")).contains("\"result\":{\"q\":\"default\"}");
            assertThat(awaitState(port, inReports, "completed")).contains("\"result\":{\"q\":\"reports\"}");
            assertThat(send(get(port, "/metrics")))
                    .as("the gauge counts the slots of all queues")
                    .containsPattern("worker_slots\\{[^}]*\\} 3\\.0");
        }
    }

    @Test
    void metricsAndStatsAgreeWithTheJobsThatRan() throws Exception {
        Settings settings = Settings.fromEnvironment(
                Map.of("JOBS_STORE", "memory", "JOBS_HTTP_PORT", "0", "JOBS_POLL_INTERVAL_MS", "20"));
        try (Service service = Service.start(Command.SERVE, settings)) {
            int port = service.httpPort();
            List<String> noops = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                noops.add(submit(port, "{\"type\":\"noop\"}"));
            }
            String permanent = submit(port, "{\"type\":\"fail\",\"payload\":{\"permanent\":true}}");
            String flaky = submit(
                    port, "{\"type\":\"fail\",\"payload\":{\"times\":1},\"max_attempts\":3,\"queue\":\"default\"}");
            for (String id : noops) {
                awaitState(port, id, "completed");
            }
            awaitState(port, permanent, "failed");
            // the first attempt fails, the retry runs after the default backoff (about a second)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!send(get(port, "/jobs/" + flaky)).contains("\"state\":\"completed\"")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            String metrics = send(get(port, "/metrics"));
            assertThat(sample(metrics, "jobs_created_total", "noop")).isEqualTo(5.0);
            assertThat(sample(metrics, "jobs_completed_total", "noop")).isEqualTo(5.0);
            assertThat(sample(metrics, "jobs_created_total", "fail")).isEqualTo(2.0);
            assertThat(sample(metrics, "jobs_failed_total", "fail")).isEqualTo(1.0);
            assertThat(sample(metrics, "jobs_retried_total", "fail")).isEqualTo(1.0);
            assertThat(sample(metrics, "jobs_completed_total", "fail")).isEqualTo(1.0);
            assertThat(sample(metrics, "job_duration_seconds_count", "noop")).isEqualTo(5.0);
            assertThat(sample(metrics, "job_queue_wait_seconds_count", "fail")).isEqualTo(3.0);
            assertThat(metrics)
                    .contains(
                            "http_server_requests_seconds_count{method=\"POST\",route=\"/jobs\",status=\"201\",} 7.0");
            assertThat(metrics).contains("worker_slots{", "jvm_memory_used_bytes");

            String stats = send(get(port, "/admin/stats"));
            assertThat(stats)
                    .contains("\"by_state\":{\"waiting\":0,\"pending\":0,\"running\":0,\"completed\":6,\"failed\":1");
            assertThat(stats).contains("\"average_attempts\":{\"failed\":1.00,\"dead\":null}");
        }
    }

    @Test
    void theTrendsShowTheJobsThatRanAsTheyHappen() throws Exception {
        Settings settings = Settings.fromEnvironment(Map.of(
                "JOBS_STORE",
                "memory",
                "JOBS_HTTP_PORT",
                "0",
                "JOBS_POLL_INTERVAL_MS",
                "20",
                "JOBS_TRENDS_INTERVAL_MS",
                "200"));
        try (Service service = Service.start(Command.SERVE, settings)) {
            int port = service.httpPort();
            for (int i = 0; i < 5; i++) {
                awaitState(port, submit(port, "{\"type\":\"noop\"}"), "completed");
            }

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            JsonNode trends = JSON.readTree(send(get(port, "/admin/trends")));
            while (!ranIn(trends) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                trends = JSON.readTree(send(get(port, "/admin/trends")));
            }

            assertThat(trends.get("step_seconds").asDouble()).isEqualTo(0.2);
            assertThat(ranIn(trends))
                    .as("a point with completions and their run time: %s", trends)
                    .isTrue();
            assertThat(trends.at("/points/0/backlog").has("default")).isTrue();
        }
    }

    /** Whether a point of {@code trends} saw jobs complete, with the run time of their attempts. */
    private static boolean ranIn(JsonNode trends) {
        for (JsonNode point : trends.path("points")) {
            if (point.path("completed_per_second").asDouble() > 0
                    && point.at("/run_seconds/p50").isNumber()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theQueueGaugesOfTheConfiguredQueuesAreThereAtTheFirstScrape() throws Exception {
        Settings settings = Settings.fromEnvironment(
                Map.of("JOBS_STORE", "memory", "JOBS_HTTP_PORT", "0", "JOBS_QUEUES", "mail,reports"));
        try (Service service = Service.start(Command.API, settings)) {
            String metrics = send(get(service.httpPort(), "/metrics"));

            // the store has no jobs, so a read of it alone would show no queue at all
            assertThat(metrics)
                    .contains(
                            "jobs_pending{queue=\"mail\",} 0.0",
                            "jobs_pending{queue=\"reports\",} 0.0",
                            "jobs_running{queue=\"mail\",} 0.0",
                            "jobs_running{queue=\"reports\",} 0.0");
        }
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build();
    }

    /** The value of the sample {@code name} for job type {@code type} in a Prometheus text exposition. */
    private static double sample(String exposition, String name, String type) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(name + "{") && line.contains("type=\"" + type + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " for " + type + " in\n" + exposition));
    }
}
