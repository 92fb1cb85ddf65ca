package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Empties the jobs table between tests of one class. */
    void truncate() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE jobs");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the jobs table in " + schema, e);
        }
    }
}
