package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.domain.JobState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension giving each test class its own freshly migrated schema on the test server, dropped afterwards,
 * so classes can run in parallel without seeing each other's rows. Sessions run in America/Los_Angeles so that
 * time-zone mistakes show up (an idea from db-scheduler's tests).
 *
 * <p>Use: {@code @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();}
 */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {

    private String schema;
    private HikariDataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isNested(context)) {
            return; // @Nested classes share their enclosing class's schema
        }
        schema = "test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        DatabaseSettings settings =
                TestDatabaseServer.settings().withSchema(schema).withMaxPoolSize(20);
        dataSource = ConnectionPool.create(settings, "test-" + schema, "SET TIME ZONE 'America/Los_Angeles'");
        new Migrations(dataSource, schema).migrate();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (isNested(context)) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            dataSource.close();
        }
    }

    private static boolean isNested(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(Nested.class);
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    String schema() {
        return schema;
    }

    /** The counts a {@code GROUP BY} over the jobs table gives: what the trigger-kept counts must equal. */
    List<JobCount> countsByGroupBy() throws SQLException {
        List<JobCount> counts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT queue, type, state, count(*), sum(attempts) FROM jobs"
                        + " GROUP BY queue, type, state ORDER BY queue, type, state")) {
            while (rs.next()) {
                counts.add(new JobCount(
                        rs.getString(1),
                        rs.getString(2),
                        JobState.fromWireName(rs.getString(3)),
                        rs.getLong(4),
                        rs.getLong(5)));
            }
        }
        return counts;
    }

    /** The single number {@code sql} answers, e.g. a {@code count(*)}. */
    long number(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Empties the jobs table between tests of one class. */
    void truncate() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE jobs, job_dependencies, queues, schedules, workflows, batches, batch_callbacks,"
                    + " webhook_deliveries, webhook_attempts");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the jobs table in " + schema, e);
        }
    }
}
