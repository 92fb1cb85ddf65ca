package dev.jobprocessor.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.adapters.postgres.ConnectionPool;
import dev.jobprocessor.adapters.postgres.DatabaseSettings;
import dev.jobprocessor.adapters.postgres.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A database the benchmark creates, migrates, empties between workloads, and drops at the end. */
final class BenchmarkDatabase implements AutoCloseable {

    private final String host;
    private final int port;
    private final String serverUrl;
    private final String user;
    private final String name;
    final HikariDataSource pool;

    private BenchmarkDatabase(String host, int port, String user, String name, int poolSize) {
        this.host = host;
        this.port = port;
        this.serverUrl = "jdbc:postgresql://" + host + ":" + port + "/";
        this.user = user;
        this.name = name;
        this.pool = ConnectionPool.create(
                DatabaseSettings.of(serverUrl + name, user, null).withMaxPoolSize(poolSize), "benchmark");
    }

    static BenchmarkDatabase create(String host, int port, String user, int poolSize) throws SQLException {
        String serverUrl = "jdbc:postgresql://" + host + ":" + port + "/";
        String name = "job_processor_bench_" + ProcessHandle.current().pid();
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, null);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        }
        BenchmarkDatabase database = new BenchmarkDatabase(host, port, user, name, poolSize);
        new Migrations(database.pool, null).migrate();
        return database;
    }

    String name() {
        return name;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    String jdbcUrl() {
        return serverUrl + name;
    }

    /** A session of its own, named {@code applicationName} in pg_stat_activity, that the pool knows nothing of. */
    Connection connectOutsideThePool(String applicationName) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Empties the jobs table (and with it the counts) and lets autovacuum's statistics catch up. */
    void reset() throws SQLException {
        execute("TRUNCATE jobs, job_dependencies");
        execute("VACUUM ANALYZE jobs");
    }

    String setting(String name) throws SQLException {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Override
    public void close() throws SQLException {
        pool.close();
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, null);
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
