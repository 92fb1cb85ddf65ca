package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 3: retry → dead, permanent failure → failed, recovery after failures → completed. */
class RetryAndFailureTest {

    @Test
    void failuresEndInTheRightStateWithTheRightHistory() {
        String url = Services.migratedDatabase("retry_and_failure");
        int port = ServiceProcess.freePort();
        try (ServiceProcess serve = Services.start("retry-serve", "serve", url, port, Map.of())) {
            Api api = new Api(port);
            String dead = api.post("/jobs", "{\"type\":\"fail\",\"payload\":{\"times\":100},\"max_attempts\":3}")
                    .text("/id");
            String failed = api.post(
                            "/jobs",
                            "{\"type\":\"fail\",\"payload\":{\"times\":100,\"permanent\":true},\"max_attempts\":5}")
                    .text("/id");
            String recovered = api.post("/jobs", "{\"type\":\"fail\",\"payload\":{\"times\":2},\"max_attempts\":5}")
                    .text("/id");

            Api.Response deadJob =
                    api.await("/jobs/" + dead, r -> "dead".equals(r.text("/state")), Duration.ofSeconds(60));
            Api.Response failedJob =
                    api.await("/jobs/" + failed, r -> "failed".equals(r.text("/state")), Duration.ofSeconds(60));
            Api.Response completedJob =
                    api.await("/jobs/" + recovered, r -> "completed".equals(r.text("/state")), Duration.ofSeconds(60));

            assertThat(deadJob.body().get("attempts").asInt()).isEqualTo(3);
            assertThat(deadJob.body().get("errors")).hasSize(3);
            assertThat(deadJob.body().get("finished_at").isNull()).isFalse();
            assertThat(failedJob.body().get("attempts").asInt()).isEqualTo(1);
            assertThat(failedJob.body().get("errors")).hasSize(1);
            assertThat(completedJob.body().get("attempts").asInt()).isEqualTo(3);
            assertThat(completedJob.body().get("errors")).hasSize(2);
            assertThat(completedJob.body().get("last_error").asText()).isNotBlank();
            Suite.report(
                    "retry and failure",
                    "fail x100 (max 3) -> dead after 3 attempts, 3 errors; permanent -> failed after 1 attempt;"
                            + " fail x2 (max 5) -> completed on attempt 3 with 2 errors kept");
            assertThat(serve.isAlive()).isTrue();
        }
    }
}
