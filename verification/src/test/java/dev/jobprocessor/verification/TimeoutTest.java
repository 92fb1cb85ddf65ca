package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 5: a handler that hangs past timeout_seconds fails that attempt, and its worker slot is freed. */
class TimeoutTest {

    @Test
    void aHangingAttemptTimesOutAndFreesItsSlot() {
        String url = Services.migratedDatabase("execution_timeout");
        int port = ServiceProcess.freePort();
        try (ServiceProcess serve =
                Services.start("timeout-serve", "serve", url, port, Map.of("JOBS_WORKER_CONCURRENCY", "1"))) {
            Api api = new Api(port);
            String hanging = api.post(
                            "/jobs",
                            "{\"type\":\"sleep\",\"payload\":{\"ms\":600000},\"timeout_seconds\":2,\"max_attempts\":2,\"priority\":1}")
                    .text("/id");
            api.await("/jobs/" + hanging, r -> "running".equals(r.text("/state")), Duration.ofSeconds(30));
            long submitted = System.nanoTime();
            String quick =
                    api.post("/jobs", "{\"type\":\"noop\",\"priority\":10}").text("/id");

            api.await("/jobs/" + quick, r -> "completed".equals(r.text("/state")), Duration.ofSeconds(30));
            double quickSeconds = (System.nanoTime() - submitted) / 1e9;
            Api.Response dead =
                    api.await("/jobs/" + hanging, r -> "dead".equals(r.text("/state")), Duration.ofSeconds(60));

            assertThat(dead.body().get("attempts").asInt()).isEqualTo(2);
            assertThat(dead.body().get("errors")).hasSize(2);
            dead.body()
                    .get("errors")
                    .forEach(error -> assertThat(error.get("message").asText())
                            .isIn("timed out after 2 seconds", "lease expired"));
            assertThat(serve.isAlive()).isTrue();
            Suite.report(
                    "execution timeout",
                    "a 600 s sleep with timeout_seconds=2 died after 2 timed-out attempts; with concurrency 1 a noop"
                            + " queued behind it completed " + String.format("%.1f", quickSeconds) + " s after submit");
        }
    }
}
