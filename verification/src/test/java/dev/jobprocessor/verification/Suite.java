package dev.jobprocessor.verification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every check shares: the suite's own PostgreSQL, a database per check, SQL probes, and the report. */
final class Suite {

    private static OwnedPostgres postgres;

    private Suite() {}

    static synchronized OwnedPostgres postgres() {
        if (postgres == null) {
            postgres = OwnedPostgres.start(
                    ServiceProcess.WORK.resolve("postgres-data").toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    /** The environment of a service process using database {@code name} with quick, test-friendly timings. */
    static Map<String, String> environment(String databaseUrl, int httpPort) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JOBS_DATABASE_URL", databaseUrl);
        environment.put("JOBS_HTTP_PORT", Integer.toString(httpPort));
        environment.put("JOBS_POLL_INTERVAL_MS", "200");
        environment.put("JOBS_REAPER_INTERVAL_MS", "250");
        return environment;
    }

    /** Job counts by state, read straight from the database (not through the service under test). */
    static Map<String, Long> countsByState(String database) {
        Map<String, Long> counts = new LinkedHashMap<>();
        query(
                database,
                "SELECT state, count(*) FROM jobs GROUP BY state ORDER BY state",
                row -> counts.put(row.getString(1), row.getLong(2)));
        return counts;
    }

    static long count(String database, String sql) {
        long[] result = new long[1];
        query(database, sql, row -> result[0] = row.getLong(1));
        return result[0];
    }

    /** Waits until {@code sql}, a count, answers {@code expected}; fails after {@code within} with what it last saw. */
    static void awaitCount(String database, String sql, long expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(database, sql);
            if (last == expected) {
                return;
            }
            Api.pause(Duration.ofMillis(50));
        }
        throw new AssertionError(sql + " stayed at " + last + ", expected " + expected);
    }

    static void query(String database, String sql, RowHandler handler) {
        try (Connection connection = postgres().connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                handler.handle(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** One line per guarantee, easy to find in the build output. */
    static void report(String guarantee, String figures) {
        System.out.println("GUARANTEE " + guarantee + ": " + figures);
    }

    @FunctionalInterface
    interface RowHandler {
        void handle(ResultSet row) throws SQLException;
    }
}
