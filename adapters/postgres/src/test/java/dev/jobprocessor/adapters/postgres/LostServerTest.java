package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.application.port.StoreUnavailableException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server lost to the pool (docs/HIGH_AVAILABILITY.md): one that answers "read-only" (a primary demoted or fenced
 * while the pool holds connections to it), or whose connections break. Played by a role of its own whose sessions
 * start read-only, so no other test sees it.
 */
class LostServerTest {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]*)(\\?.*)?");

    private final String role = "ro_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private HikariDataSource admin;
    private HikariDataSource pool;

    @BeforeEach
    void createTheRole() throws SQLException {
        admin = ConnectionPool.create(TestDatabaseServer.settings().withMaxPoolSize(1), "admin-" + role);
        run("CREATE ROLE " + role + " LOGIN");
        run("CREATE SCHEMA " + role + " AUTHORIZATION " + role);
        run("CREATE TABLE " + role + ".t (n integer)");
        run("ALTER TABLE " + role + ".t OWNER TO " + role);
        run("ALTER ROLE " + role + " SET default_transaction_read_only = on");
    }

    @AfterEach
    void dropTheRole() throws SQLException {
        if (pool != null) {
            pool.close();
        }
        run("DROP SCHEMA " + role + " CASCADE");
        run("DROP ROLE " + role);
        admin.close();
    }

    private void run(String sql) throws SQLException {
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The test server's URL with {@code hosts} in front of its own, as the role, with {@code parameters}. */
    private HikariDataSource poolAsTheRole(String hostsBefore, String parameters) {
        return poolAsTheRole(hostsBefore, parameters, 1);
    }

    private HikariDataSource poolAsTheRole(String hostsBefore, String parameters, int size) {
        Matcher url = URL.matcher(TestDatabaseServer.settings().url());
        assertThat(url.matches()).as(TestDatabaseServer.settings().url()).isTrue();
        String jdbc = "jdbc:postgresql://" + hostsBefore + url.group(1) + "/" + url.group(2) + "?" + parameters;
        pool = ConnectionPool.create(new DatabaseSettings(jdbc, role, null, size, Duration.ofSeconds(3), null), role);
        return pool;
    }

    private int insert(DSLContext dsl, int n) {
        return StoreErrors.translate(() -> dsl.execute("INSERT INTO " + role + ".t VALUES (" + n + ")"));
    }

    @Test
    void aReadOnlyAnswerIsUnavailableAndItsConnectionIsDroppedForANewOne() throws SQLException {
        // targetServerType=any: connect whatever the server says, as a pool does that was connected before a demotion.
        DSLContext dsl = DSL.using(poolAsTheRole("", "targetServerType=any"), SQLDialect.POSTGRES);

        assertThatThrownBy(() -> insert(dsl, 1))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("read-only transaction");

        run("ALTER ROLE " + role + " RESET default_transaction_read_only");
        // The pool's one connection answered read-only: it was dropped, and the next is a new, writable session.
        assertThat(insert(dsl, 2)).isEqualTo(1);
    }

    @Test
    void oneReadOnlyAnswerRetiresEveryConnectionToThatServer() throws Exception {
        HikariDataSource readOnly = poolAsTheRole("", "targetServerType=any", 3);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(readOnly.getConnection());
        }
        for (Connection connection : held) {
            connection.close();
        }
        DSLContext dsl = DSL.using(readOnly, SQLDialect.POSTGRES);
        assertThatThrownBy(() -> insert(dsl, 1)).isInstanceOf(StoreUnavailableException.class);

        run("ALTER ROLE " + role + " RESET default_transaction_read_only");
        held.clear();
        for (int i = 0; i < 3; i++) {
            held.add(readOnly.getConnection());
        }
        try {
            for (Connection connection : held) {
                try (Statement statement = connection.createStatement();
                        ResultSet setting = statement.executeQuery("SHOW default_transaction_read_only")) {
                    setting.next();
                    assertThat(setting.getString(1))
                            .as("a session opened after the read-only answer")
                            .isEqualTo("off");
                }
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void oneBrokenConnectionRetiresEveryConnectionToThatServer() throws Exception {
        run("ALTER ROLE " + role + " RESET default_transaction_read_only");
        HikariDataSource lost = poolAsTheRole("", "targetServerType=any", 3);
        List<Connection> held = new ArrayList<>();
        List<Integer> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(lost.getConnection());
            before.add(backendOf(held.get(i)));
        }
        // One session ends as every session does when its server goes away (57P01, or class 08 for a broken socket).
        run("SELECT pg_terminate_backend(" + before.get(0) + ")");
        assertThatThrownBy(() -> backendOf(held.get(0))).isInstanceOf(SQLException.class);
        for (Connection connection : held) {
            connection.close();
        }

        held.clear();
        List<Integer> after = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(lost.getConnection());
                after.add(backendOf(held.get(i)));
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(after).as("sessions after the broken one").doesNotContainAnyElementsOf(before);
    }

    private static int backendOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            return pid.getInt(1);
        }
    }

    @Test
    void byDefaultOnlyAPrimaryIsConnectedToAndAReadOnlyServerIsUnavailable() {
        DSLContext dsl = DSL.using(poolAsTheRole("", "connectTimeout=2"), SQLDialect.POSTGRES);

        // Refused when connecting, before any statement: the server says it is not a primary.
        assertThatThrownBy(() -> insert(dsl, 1))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("targetServerType");
    }

    @Test
    void aMultiHostUrlSkipsAHostThatDoesNotAnswer() throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        run("ALTER ROLE " + role + " RESET default_transaction_read_only");
        DSLContext dsl = DSL.using(poolAsTheRole("127.0.0.1:" + nobody + ",", "connectTimeout=2"), SQLDialect.POSTGRES);

        assertThat(insert(dsl, 1)).isEqualTo(1);
    }
}
