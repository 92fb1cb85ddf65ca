package dev.jobprocessor.adapters.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/** Applies the schema migrations in {@code db/migration} with Flyway, and tells whether they are all applied. */
public final class Migrations {

    private final Flyway flyway;

    /** {@code schema} may be {@code null} for the connection's default schema. */
    public Migrations(DataSource dataSource, String schema) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
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
}
