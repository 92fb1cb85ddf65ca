package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link Migrations#state()} reads from a real schema in each state a process may find it in at start. */
class SchemaStateTest {

    private String schema;
    private HikariDataSource dataSource;
    private Migrations migrations;

    @BeforeEach
    void createAnEmptySchema() throws SQLException {
        schema = "schema_state_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        dataSource = ConnectionPool.create(
                TestDatabaseServer.settings().withSchema(schema).withMaxPoolSize(2), "test-" + schema);
        execute("CREATE SCHEMA " + schema);
        migrations = new Migrations(dataSource, schema);
    }

    @AfterEach
    void dropTheSchema() throws SQLException {
        try {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            dataSource.close();
        }
    }

    @Test
    void anEmptySchemaIsMissingAndNamesTheVersionThisBuildNeeds() {
        SchemaState state = migrations.state();

        assertThat(state).isEqualTo(new SchemaState.Missing(latestVersion()));
    }

    @Test
    void aSchemaMigratedByThisBuildIsCurrent() {
        migrations.migrate();

        assertThat(migrations.state()).isInstanceOf(SchemaState.Current.class);
    }

    @Test
    void aSchemaMigratedOnlyPartWayIsOlder() {
        flyway("classpath:db/migration").target("3").load().migrate();

        assertThat(migrations.state()).isEqualTo(new SchemaState.Older("3", latestVersion()));
    }

    @Test
    void aSchemaMigratedByANewerBuildIsNewer() {
        flyway("classpath:db/migration", "classpath:db/newer_build").load().migrate();

        assertThat(migrations.state()).isEqualTo(new SchemaState.Newer("1000", latestVersion()));
    }

    @Test
    void aNewerVersionWrittenStraightIntoTheHistoryTableIsNewer() throws SQLException {
        migrations.migrate();
        execute("INSERT INTO " + schema + ".flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success)"
                + " SELECT max(installed_rank) + 1, '9999.1', 'from a newer build', 'SQL', 'V9999_1__from_a_newer_build.sql',"
                + " 0, current_user, 0, true FROM " + schema + ".flyway_schema_history");

        assertThat(migrations.state()).isEqualTo(new SchemaState.Newer("9999.1", latestVersion()));
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsUnreachableNotAnError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabaseSettings nowhere = new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + port + "/jobs?connectTimeout=1",
                "postgres",
                null,
                1,
                Duration.ofMillis(500),
                null);
        try (HikariDataSource unreachable = ConnectionPool.create(nowhere, "unreachable")) {
            assertThat(new Migrations(unreachable, null).state()).isInstanceOf(SchemaState.Unreachable.class);
        }
    }

    /** The newest version among this build's migration scripts, read from the file names. */
    private static String latestVersion() {
        try (Stream<Path> scripts = Files.list(Path.of(SchemaStateTest.class
                .getClassLoader()
                .getResource("db/migration")
                .toURI()))) {
            return scripts.map(script -> script.getFileName().toString())
                    .filter(name -> name.matches("V[0-9_.]+__.*\\.sql"))
                    .map(name -> MigrationVersion.fromVersion(name.substring(1, name.indexOf("__"))))
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .getVersion();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list db/migration", e);
        }
    }

    private FluentConfiguration flyway(String... locations) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations(locations);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
