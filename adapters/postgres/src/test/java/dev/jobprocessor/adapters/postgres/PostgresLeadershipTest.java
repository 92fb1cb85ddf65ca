package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leadership as an advisory lock on a real server: one leader, handed over on resignation and on a lost session. */
class PostgresLeadershipTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final PostgresLeadership alpha = leadership("alpha");
    private final PostgresLeadership beta = leadership("beta");

    @AfterEach
    void resign() {
        alpha.close();
        beta.close();
    }

    @Test
    void exactlyOneOfTwoProcessesLeadsAndBothKnowWhich() {
        assertThat(alpha.campaign()).isTrue();
        assertThat(beta.campaign()).isFalse();
        assertThat(alpha.campaign()).as("a leader stays the leader").isTrue();
        assertThat(beta.campaign()).isFalse();

        assertThat(alpha.leader()).contains("alpha");
        assertThat(beta.leader()).contains("alpha");
    }

    @Test
    void aResignationHandsLeadershipOverAtTheNextCampaign() {
        assertThat(alpha.campaign()).isTrue();

        alpha.resign();

        assertThat(beta.leader()).isEmpty();
        assertThat(beta.campaign()).isTrue();
        assertThat(alpha.campaign()).isFalse();
        assertThat(alpha.leader()).contains("beta");
    }

    @Test
    void aLeaderWhoseSessionIsKilledLearnsItAndCanWinAgainCleanly() throws SQLException {
        assertThat(alpha.campaign()).isTrue();

        terminateLeaderSession("alpha");

        assertThat(beta.campaign())
                .as("the server freed the lock with the session")
                .isTrue();
        assertThat(alpha.campaign()).as("the old leader notices its loss").isFalse();
        assertThat(alpha.leader()).contains("beta");

        beta.resign();
        assertThat(alpha.campaign()).as("and competes again from scratch").isTrue();
        assertThat(beta.leader()).contains("alpha");
    }

    @Test
    void eachSchemaHasItsOwnLeaderHoweverTheSchemaIsChosen() throws SQLException {
        String other = SCHEMA.schema() + "_other";
        execute("CREATE SCHEMA " + other);
        DatabaseSettings server = TestDatabaseServer.settings();
        PostgresLeadership elsewhere = new PostgresLeadership(server.withSchema(other), SCHEMA.dataSource(), "gamma");
        PostgresLeadership sameSchemaByUrl =
                new PostgresLeadership(withCurrentSchema(server, SCHEMA.schema()), SCHEMA.dataSource(), "delta");
        try {
            assertThat(alpha.campaign()).isTrue();
            assertThat(elsewhere.campaign())
                    .as("another schema, another leader")
                    .isTrue();
            assertThat(sameSchemaByUrl.campaign())
                    .as("the same schema chosen by currentSchema in the URL competes for the same lock")
                    .isFalse();
        } finally {
            elsewhere.close();
            sameSchemaByUrl.close();
            execute("DROP SCHEMA " + other);
        }
    }

    private static DatabaseSettings withCurrentSchema(DatabaseSettings server, String schema) {
        String url = server.url() + (server.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseSettings(
                url, server.user(), server.password(), server.maxPoolSize(), server.connectionTimeout(), null);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static PostgresLeadership leadership(String process) {
        return new PostgresLeadership(
                TestDatabaseServer.settings().withSchema(SCHEMA.schema()), SCHEMA.dataSource(), process);
    }

    private static void terminateLeaderSession(String process) throws SQLException {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, PostgresLeadership.APPLICATION_NAME_PREFIX + process);
            try (ResultSet terminated = statement.executeQuery()) {
                assertThat(terminated.next()).as("the leader's session exists").isTrue();
                assertThat(terminated.getBoolean(1)).isTrue();
            }
        }
        // pg_terminate_backend only signals; wait until the session (and with it the lock) is gone.
        for (int i = 0; i < 100; i++) {
            try (Connection connection = SCHEMA.dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
                statement.setString(1, PostgresLeadership.APPLICATION_NAME_PREFIX + process);
                try (ResultSet left = statement.executeQuery()) {
                    left.next();
                    if (left.getInt(1) == 0) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
