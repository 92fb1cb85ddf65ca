package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 6: the database stops for several seconds mid-run. /ready says 503 while it is down, submits get
 * 503 unavailable (never 500), the service recovers without a restart, and every accepted job completes.
 */
class DatabaseOutageTest {

    @Test
    void theServiceRidesOutADatabaseOutage() {
        String database = "database_outage";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        OwnedPostgres postgres = Suite.postgres();
        try (ServiceProcess serve = Services.start("outage-serve", "serve", url, port, Map.of())) {
            Api api = new Api(port);
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                accepted.add(api.post("/jobs", "{\"type\":\"sleep\",\"payload\":{\"ms\":50}}")
                        .text("/id"));
            }

            postgres.stop();
            long downAt = System.nanoTime();
            List<Integer> statusesWhileDown = new ArrayList<>();
            try {
                api.await("/ready", r -> r.status() == 503, Duration.ofSeconds(20));
                for (int i = 0; i < 3; i++) {
                    Api.Response refused = api.post("/jobs", "{\"type\":\"noop\"}");
                    statusesWhileDown.add(refused.status());
                    assertThat(refused.status())
                            .as(
                                    refused.body() == null
                                            ? "no body"
                                            : refused.body().toString())
                            .isEqualTo(503);
                    assertThat(refused.text("/error/code")).isEqualTo("unavailable");
                }
                Api.pause(Duration.ofSeconds(3));
                assertThat(serve.isAlive())
                        .as("the service survives the outage")
                        .isTrue();
            } finally {
                postgres.restart();
            }
            double downSeconds = (System.nanoTime() - downAt) / 1e9;

            api.awaitReady(Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) {
                Api.Response created = api.post("/jobs", "{\"type\":\"noop\"}");
                assertThat(created.status()).isEqualTo(201);
                accepted.add(created.text("/id"));
            }
            for (String id : accepted) {
                api.await("/jobs/" + id, r -> "completed".equals(r.text("/state")), Duration.ofSeconds(90));
            }
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs WHERE state <> 'completed'"))
                    .isZero();
            Suite.report(
                    "database outage",
                    "database down " + String.format("%.1f", downSeconds) + " s: /ready 503, submits "
                            + statusesWhileDown
                            + " (unavailable), recovered without restart; all " + accepted.size()
                            + " accepted jobs completed");
        }
    }
}
