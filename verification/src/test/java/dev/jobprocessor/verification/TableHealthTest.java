package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Table health through a real process on a server with stock settings (autovacuum on): after jobs ran, {@code
 * /admin/stats} shows the jobs table's live rows and its dead row versions (or that autovacuum already removed them);
 * a session left idle in a transaction shows as the oldest transaction, by state and application name, in {@code
 * /admin/stats} and in {@code jobs_oldest_transaction_age_seconds}; the leader logs one warning line for it, not one
 * per reading; and once the session commits it is gone.
 */
class TableHealthTest {

    private static final String DATABASE = "table_health";
    private static final String APPLICATION = "verification-idle";
    private static final int JOBS = 200;

    @Test
    void anOldTransactionShowsInStatsAndMetricsAndIsWarnedAboutOnce() throws Exception {
        String url = Services.migratedDatabase(DATABASE);
        int port = ServiceProcess.freePort();
        try (ServiceProcess service =
                Services.start("table-health", "serve", url, port, Map.of("JOBS_OLD_TRANSACTION_WARN_SECONDS", "2"))) {
            Api api = new Api(port);
            StringJoiner jobs = new StringJoiner(",", "{\"jobs\":[", "]}");
            for (int i = 0; i < JOBS; i++) {
                jobs.add("{\"type\":\"noop\"}");
            }
            assertThat(api.post("/jobs/batch", jobs.toString()).status()).isEqualTo(201);

            // Each job was written three times (pending, running, completed): two dead versions each, until vacuum.
            JsonNode ran = api.await(
                            "/admin/stats",
                            r -> r.body().at("/by_state/completed").asLong() == JOBS
                                    && r.body().at("/table_health/live_tuples").asLong() == JOBS
                                    && (r.body().at("/table_health/dead_tuples").asLong() > 0
                                            || r.body()
                                                            .at("/table_health/autovacuum_count")
                                                            .asLong()
                                                    > 0),
                            Duration.ofSeconds(60))
                    .body()
                    .get("table_health");
            assertThat(ran.get("table_bytes").asLong())
                    .isGreaterThan(ran.get("index_bytes").asLong());

            long pid;
            JsonNode held;
            // the log file is appended to across runs of the suite: count only the lines this run adds
            long earlier = warnings(service);
            try (Connection idle = Suite.postgres().connect(DATABASE);
                    Statement sql = idle.createStatement()) {
                idle.setClientInfo("ApplicationName", APPLICATION);
                idle.setAutoCommit(false);
                try (ResultSet row = sql.executeQuery("SELECT pg_backend_pid()")) {
                    row.next();
                    pid = row.getLong(1);
                }

                held = api.await(
                                "/admin/stats",
                                r -> APPLICATION.equals(r.text("/table_health/oldest_transaction_application"))
                                        && r.body()
                                                        .at("/table_health/oldest_transaction_age_seconds")
                                                        .asDouble()
                                                >= 2,
                                Duration.ofSeconds(30))
                        .body()
                        .get("table_health");
                assertThat(held.get("oldest_transaction_pid").asLong()).isEqualTo(pid);
                assertThat(held.get("oldest_transaction_state").asText()).isEqualTo("idle in transaction");
                awaitGauge(api, "jobs_oldest_transaction_age_seconds", 2);
                awaitWarnings(service, earlier + 1);
                // two more gauge refreshes (every 5 s) with the transaction still open: no second line within a minute
                Api.pause(Duration.ofSeconds(11));
                assertThat(warnings(service) - earlier).as(service.output()).isEqualTo(1);
                idle.commit();
            }

            api.await(
                    "/admin/stats",
                    r -> r.body().at("/table_health/oldest_transaction_pid").asLong(-1) != pid,
                    Duration.ofSeconds(30));
            Suite.report(
                    "table health seen",
                    JOBS + " jobs ran: " + ran.get("live_tuples") + " live, " + ran.get("dead_tuples")
                            + " dead row versions, " + ran.get("table_bytes") + " bytes; a session idle in a"
                            + " transaction showed in /admin/stats and the gauge at "
                            + held.get("oldest_transaction_age_seconds") + " s, one WARN line in 11 s more, gone"
                            + " after its commit");
        }
    }

    private static void awaitGauge(Api api, String name, double atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            value = api.text("/metrics")
                    .lines()
                    .filter(line -> line.startsWith(name + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElse(Double.NaN);
            if (value >= atLeast) {
                return;
            }
            Api.pause(Duration.ofMillis(200));
        }
        throw new AssertionError(name + " never reached " + atLeast + "; last: " + value);
    }

    private static void awaitWarnings(ServiceProcess service, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (warnings(service) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no warning about the open transaction; log:\n" + service.output());
            }
            Api.pause(Duration.ofMillis(200));
        }
    }

    /** The WARN lines about the test's idle session in the process's log. */
    private static long warnings(ServiceProcess service) {
        return service.output()
                .lines()
                .filter(line -> line.contains("WARN") && line.contains("application \"" + APPLICATION + "\""))
                .count();
    }
}
