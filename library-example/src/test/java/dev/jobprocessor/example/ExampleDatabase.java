package dev.jobprocessor.example;

import dev.jobprocessor.adapters.postgres.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A schema of its own for the example on the test server: the server in {@code JOBS_TEST_DATABASE_URL} when set (as CI
 * sets it), else an embedded PostgreSQL, so the example is never skipped for want of a database.
 */
final class ExampleDatabase implements AutoCloseable {

    private final DatabaseSettings settings;
    private final EmbeddedPostgres embedded;

    private ExampleDatabase(DatabaseSettings settings, EmbeddedPostgres embedded) {
        this.settings = settings;
        this.embedded = embedded;
    }

    static ExampleDatabase create() {
        String schema = "library_example_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String url = System.getenv("JOBS_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            DatabaseSettings server = DatabaseSettings.of(
                    url, System.getenv("JOBS_TEST_DATABASE_USER"), System.getenv("JOBS_TEST_DATABASE_PASSWORD"));
            return new ExampleDatabase(server.withSchema(schema), null);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            DatabaseSettings server = DatabaseSettings.of(postgres.getJdbcUrl("postgres", "postgres"), null, null);
            return new ExampleDatabase(server.withSchema(schema), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL for the library example", e);
        }
    }

    DatabaseSettings settings() {
        return settings;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        return DriverManager.getConnection(settings.url(), properties);
    }

    @Override
    public void close() throws SQLException, IOException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
