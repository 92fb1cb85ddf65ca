package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dialect the adapter uses supports the PostgreSQL versions docs/PERSISTENCE.md states, starting with the oldest
 * (15), and the server these tests run on. This is the check jOOQ makes on each new connection: when it fails, jOOQ
 * logs "Version mismatch" at WARN on every start (jOOQ 3.20's open-source dialect begins at 17).
 */
class SupportedPostgresVersionTest {

    /** The oldest major docs/PERSISTENCE.md states as supported; CI runs the tests on it. */
    private static final int OLDEST_SUPPORTED_MAJOR = 15;

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Test
    void theDialectSupportsTheOldestStatedMajorAndEveryNewerOne() {
        for (int major = OLDEST_SUPPORTED_MAJOR; major <= 18; major++) {
            assertThat(SQLDialect.POSTGRES.supportsDatabaseVersion(major, 0, major + ".0"))
                    .as("PostgreSQL %d", major)
                    .isTrue();
        }
    }

    @Test
    void theDialectSupportsTheServerTheTestsRunOn() throws SQLException {
        try (Connection connection = SCHEMA.dataSource().getConnection()) {
            DatabaseMetaData server = connection.getMetaData();
            assertThat(server.getDatabaseMajorVersion()).isGreaterThanOrEqualTo(OLDEST_SUPPORTED_MAJOR);
            assertThat(SQLDialect.POSTGRES.supportsDatabaseVersion(
                            server.getDatabaseMajorVersion(),
                            server.getDatabaseMinorVersion(),
                            server.getDatabaseProductVersion()))
                    .as("PostgreSQL %s", server.getDatabaseProductVersion())
                    .isTrue();
        }
    }
}
