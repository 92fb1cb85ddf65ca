package dev.jobprocessor.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/** Applies the schema migrations in {@code db/migration} with Flyway, and tells whether they are all applied. */
public final class Migrations {

    private final DataSource dataSource;
    private final Flyway flyway;

    /** {@code schema} may be {@code null} for the connection's default schema. */
    public Migrations(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        var config = Flyway.configure()
                .dataSource(new UnhurriedConnections(dataSource))
                .locations("classpath:db/migration");
        if (schema != null) {
            config = config.schemas(schema).createSchemas(true);
        }
        this.flyway = config.load();
    }

    /** Brings the schema up to date; returns how many migrations ran. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }

    /** True when every known migration is applied and none failed. */
    public boolean upToDate() {
        MigrationInfo[] pending = flyway.info().pending();
        return pending.length == 0;
    }

    /** True when a connection to the database answers within 2 s: cheaper than {@link #upToDate}. */
    public boolean answers() {
        try (Connection probe = dataSource.getConnection()) {
            return probe.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * How the schema compares with the migrations this build carries. A database that does not answer is
     * {@link SchemaState.Unreachable}, not an error: an outage at start is the caller's to wait out.
     */
    public SchemaState state() {
        try (Connection probe = dataSource.getConnection()) {
            if (!probe.isValid(5)) {
                return new SchemaState.Unreachable("the database did not answer within 5 s");
            }
        } catch (SQLException e) {
            return new SchemaState.Unreachable(e.getMessage());
        }
        return SchemaCheck.of(flyway.info());
    }
}
