package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the HikariCP pool every PostgreSQL adapter class shares. */
public final class ConnectionPool {

    private ConnectionPool() {}

    /**
     * A pool that fails fast: a request waits at most {@code connectionTimeout} for a connection, then the store
     * reports itself unavailable instead of hanging. The pool starts even when the database is down
     * ({@code initializationFailTimeout = -1}) so the service can report {@code /ready = 503} and recover by itself.
     */
    public static HikariDataSource create(DatabaseSettings settings, String poolName) {
        return create(settings, poolName, null);
    }

    /** As {@link #create(DatabaseSettings, String)}, running {@code sessionSetupSql} on every new connection. */
    public static HikariDataSource create(DatabaseSettings settings, String poolName, String sessionSetupSql) {
        return create(settings, poolName, sessionSetupSql, null);
    }

    /**
     * As above, reporting the pool's metrics ({@code hikaricp_connections_*}) to {@code metricRegistry}: a Micrometer
     * {@code MeterRegistry}, typed {@code Object} as HikariCP types it, so this adapter does not depend on Micrometer.
     */
    public static HikariDataSource create(
            DatabaseSettings settings, String poolName, String sessionSetupSql, Object metricRegistry) {
        HikariConfig config = new HikariConfig();
        if (metricRegistry != null) {
            config.setMetricRegistry(metricRegistry);
        }
        if (sessionSetupSql != null) {
            config.setConnectionInitSql(sessionSetupSql);
        }
        config.setPoolName(poolName);
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
        }
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        config.setValidationTimeout(
                Math.max(250, Math.min(settings.connectionTimeout().toMillis(), 5_000)));
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
