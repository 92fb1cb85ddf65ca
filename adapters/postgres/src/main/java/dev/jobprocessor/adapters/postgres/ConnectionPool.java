package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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
        // Defaults for a database that may fail over (docs/HIGH_AVAILABILITY.md, "Connection settings"); a parameter
        // in JOBS_DATABASE_URL overrides each. Connect only to a primary: a standby, or a demoted primary, is skipped
        // for the next host of a multi-host URL, and is refused (unavailable, 503) when it is the only one.
        config.addDataSourceProperty("targetServerType", "primary");
        // A host that does not answer is given up in 5 s (then the next host is tried), a login in 10 s.
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("loginTimeout", "10");
        // A peer that vanished without a word (a partition, a killed VM) is noticed by a read that waits 20 s: longer
        // than any statement of ours runs, and short, because it bounds a partition's outage: the requests in flight
        // when the primary vanished, a group commit among them, wait this long before they fail and make way
        // (docs/HIGH_AVAILABILITY.md measured 60.6 s of write outage with 60 s here, against a 40 s failover).
        config.addDataSourceProperty("socketTimeout", "20");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Idle connections are checked every 30 s, and every connection is replaced within 10 minutes, so a pool
        // drifts back to the new primary after a failover even where no error told it to.
        config.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        // Below the lifetime, or HikariCP ignores it with a warning: connections above the minimum idle count close
        // after 5 idle minutes.
        config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        AtomicReference<HikariDataSource> created = new AtomicReference<>();
        config.setExceptionOverride(new LostServerEviction(() -> {
            HikariDataSource pool = created.get();
            if (pool != null && pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        }));
        HikariDataSource pool = new HikariDataSource(config);
        created.set(pool);
        return pool;
    }
}
