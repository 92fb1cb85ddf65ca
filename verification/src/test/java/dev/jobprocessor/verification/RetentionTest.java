package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention in a real process (docs/SPEC.md §5): with {@code JOBS_RETENTION_COMPLETED=1s} the leader deletes completed
 * jobs a second after they finish, dead jobs with a retention of {@code 0} and pending jobs stay, {@code /admin/stats}
 * agrees with a count straight from the database, and {@code jobs_purged_total} counts the deletes.
 */
class RetentionTest {

    private static final int COMPLETED = 300;
    private static final int DEAD = 3;

    @Test
    void completedJobsAreDeletedOnceTheirRetentionRanOutAndTheCountsStayExact() {
        String url = Services.migratedDatabase("retention");
        String database = "retention";
        int port = ServiceProcess.freePort();
        Map<String, String> retention = Map.of(
                "JOBS_RETENTION_COMPLETED", "1s",
                "JOBS_RETENTION_DEAD", "0",
                "JOBS_RETENTION_INTERVAL_MS", "500");
        try (ServiceProcess serve = Services.start("retention-serve", "serve", url, port, retention)) {
            Api api = new Api(port);
            long started = System.nanoTime();
            StringBuilder batch = new StringBuilder("{\"jobs\":[");
            for (int i = 0; i < COMPLETED; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"type\":\"noop\"}");
            }
            assertThat(api.post("/jobs/batch", batch.append("]}").toString()).status())
                    .isEqualTo(201);
            for (int i = 0; i < DEAD; i++) {
                api.post("/jobs", "{\"type\":\"fail\",\"max_attempts\":1}");
            }
            String scheduled = api.post("/jobs", "{\"type\":\"noop\",\"run_at\":\"2100-01-01T00:00:00Z\"}")
                    .text("/id");

            api.await(
                    "/admin/stats",
                    r -> r.body().at("/by_state/completed").asLong() == 0
                            && r.body().at("/by_state/dead").asLong() == DEAD
                            && Suite.count(database, "SELECT count(*) FROM jobs") == DEAD + 1,
                    Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            Map<String, Long> stored = Suite.countsByState(database);
            assertThat(stored).containsOnly(Map.entry("dead", (long) DEAD), Map.entry("pending", 1L));
            Api.Response stats = api.get("/admin/stats");
            for (String state : new String[] {"pending", "running", "completed", "failed", "dead", "cancelled"}) {
                assertThat(stats.body().at("/by_state/" + state).asLong())
                        .as("/admin/stats by_state.%s against the database", state)
                        .isEqualTo(stored.getOrDefault(state, 0L));
            }
            assertThat(purged(api, "completed")).isEqualTo(COMPLETED);
            assertThat(api.get("/jobs/" + scheduled).text("/state")).isEqualTo("pending");

            String dead = api.get("/jobs?state=dead&limit=1").text("/jobs/0/id");
            assertThat(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/jobs/" + dead))
                                    .DELETE())
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("/jobs/" + dead).status()).isEqualTo(404);
            assertThat(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/jobs/" + scheduled))
                                    .DELETE())
                            .status())
                    .as("a pending job is never deleted")
                    .isEqualTo(409);
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isEqualTo(DEAD);
            assertThat(api.get("/admin/stats").body().at("/by_state/dead").asLong())
                    .isEqualTo(DEAD - 1);

            Suite.report(
                    "retention",
                    COMPLETED + " noop jobs submitted, completed and deleted within " + took.toMillis() + " ms"
                            + " (JOBS_RETENTION_COMPLETED=1s, sweep every 500 ms); " + DEAD
                            + " dead jobs (retention 0) and a scheduled pending job kept; /admin/stats equal to the"
                            + " database's counts; jobs_purged_total{state=completed} = " + COMPLETED
                            + "; DELETE of a dead job 204, of a pending one 409");
            assertThat(serve.isAlive()).isTrue();
        }
    }

    private static long purged(Api api, String state) {
        return Math.round(api.text("/metrics")
                .lines()
                .filter(line -> line.startsWith("jobs_purged_total{") && line.contains("state=\"" + state + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }
}
