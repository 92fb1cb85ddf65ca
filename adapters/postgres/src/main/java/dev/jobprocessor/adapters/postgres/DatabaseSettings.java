package dev.jobprocessor.adapters.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database: a JDBC URL with optional user and password, the pool size, and the schema holding the
 * jobs table ({@code null} for the server's default search path).
 */
public record DatabaseSettings(
        String url, String user, String password, int maxPoolSize, Duration connectionTimeout, String schema) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:, got " + url);
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("the pool needs at least one connection, got " + maxPoolSize);
        }
    }

    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, 10, Duration.ofSeconds(5), null);
    }

    public DatabaseSettings withSchema(String newSchema) {
        return new DatabaseSettings(url, user, password, maxPoolSize, connectionTimeout, newSchema);
    }

    public DatabaseSettings withMaxPoolSize(int newMaxPoolSize) {
        return new DatabaseSettings(url, user, password, newMaxPoolSize, connectionTimeout, schema);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", maxPoolSize=" + maxPoolSize + ", schema=" + schema + "]";
    }
}
