package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.port.Leadership;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership as a PostgreSQL session-level advisory lock, tried on a dedicated connection that each process keeps open
 * outside the pool: the lock lives exactly as long as that session. When the leader stops it unlocks; when it crashes
 * (even {@code kill -9}) or its connection breaks, the server ends the session and frees the lock, and another
 * process's next campaign takes it. A process whose connection fails, or whose lock is gone, closes the connection
 * (so no stray session can hold the lock) and competes again on a new one at its next campaign.
 *
 * <p>The lock's key is derived, in SQL, from the session's current schema, however it was chosen ({@code currentSchema}
 * in the URL, the role's {@code search_path}, or {@link DatabaseSettings#schema()}), so deployments sharing a database
 * in different schemas (and parallel test classes) each have their own leader. Each session carries the process name in its {@code application_name},
 * which is how any process can tell who leads ({@link #leader()}): the name on the session holding the lock.
 */
public final class PostgresLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLeadership.class);

    /**
     * Prefixes the application_name of each process's leadership session, so operators can find them in
     * pg_stat_activity; the one holding the advisory lock (pg_locks) is the leader.
     */
    static final String APPLICATION_NAME_PREFIX = "job-processor maintenance ";

    /** Bounds every statement on the leader's connection, so a dead network cannot hang a campaign. */
    private static final int SOCKET_TIMEOUT_SECONDS = 10;

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    /**
     * The lock's key: a 64-bit hash of the schema the session works in. Computed by the server, so that the leader's
     * session, the others' and the pool's sessions that ask who leads all agree whichever way the schema was chosen.
     */
    private static final Field<Long> KEY = DSL.field(
            "hashtextextended({0} || coalesce(current_schema(), ''), 0)",
            Long.class, DSL.inline("job-processor maintenance leader/"));

    private final DatabaseSettings settings;
    private final DataSource pool;
    private final String process;
    /** The last reason a campaign could not run, so a lasting failure is logged once, not every second. */
    private String lastFailure;
    /** The dedicated connection, while open; guarded by {@code this}. */
    private Connection connection;

    private boolean leading;

    /**
     * @param settings how to open the dedicated connection
     * @param pool where {@link #leader()} asks who leads (any connection will do)
     * @param process this process's name, shown as the leader
     */
    public PostgresLeadership(DatabaseSettings settings, DataSource pool, String process) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.process = Objects.requireNonNull(process, "process");
    }

    @Override
    public synchronized boolean campaign() {
        if (leading) {
            if (stillHeld()) {
                return true;
            }
            LOG.warn("the leader's database session or its lock was lost; competing again");
            drop();
            return false;
        }
        try {
            if (connection == null) {
                connection = connect();
            }
            leading = Boolean.TRUE.equals(session(connection)
                    .select(DSL.function("pg_try_advisory_lock", Boolean.class, KEY))
                    .fetchOne(0, Boolean.class));
            lastFailure = null;
        } catch (SQLException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                // While no process can campaign, nothing reaps expired leases: say so, once per distinct cause.
                LOG.warn("cannot campaign for maintenance leadership: {}", e.getMessage());
                lastFailure = String.valueOf(e.getMessage());
            }
            drop();
        }
        return leading;
    }

    @Override
    public Optional<String> leader() {
        try (Connection connection = pool.getConnection()) {
            String name = DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES)
                    .resultQuery(
                            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                                    + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                                    + " AND l.database = (SELECT oid FROM pg_database WHERE datname ="
                                    + " current_database())"
                                    + " AND l.classid::bigint = ({0} >> 32) & 4294967295"
                                    + " AND l.objid::bigint = {0} & 4294967295",
                            KEY)
                    .fetchOptional(0, String.class)
                    .orElse(null);
            return Optional.ofNullable(name)
                    .map(n ->
                            n.startsWith(APPLICATION_NAME_PREFIX) ? n.substring(APPLICATION_NAME_PREFIX.length()) : n);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not read who leads: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void resign() {
        if (leading) {
            try {
                session(connection)
                        .select(DSL.function("pg_advisory_unlock", Boolean.class, KEY))
                        .fetch();
            } catch (RuntimeException e) {
                LOG.debug("could not unlock leadership before closing its connection: {}", e.getMessage());
            }
        }
        drop();
    }

    @Override
    public void close() {
        resign();
    }

    /** Whether the leader's session is alive and still holds the lock (a superuser may have killed or unlocked it). */
    private boolean stillHeld() {
        try {
            Boolean holds = session(connection)
                    .resultQuery(
                            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                                    + " AND pid = pg_backend_pid() AND objsubid = 1"
                                    + " AND classid::bigint = ({0} >> 32) & 4294967295"
                                    + " AND objid::bigint = {0} & 4294967295)",
                            KEY)
                    .fetchOne(0, Boolean.class);
            return Boolean.TRUE.equals(holds);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME_PREFIX + process);
        properties.setProperty("tcpKeepAlive", "true");
        // Lead only on a primary, as the pool writes only to one (ConnectionPool): after a failover the lock is taken
        // on the new primary, and a demoted one's sessions, and their locks, ended with it.
        properties.setProperty("targetServerType", "primary");
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        Connection opened = DriverManager.getConnection(settings.url(), properties);
        try {
            opened.setAutoCommit(true);
            if (settings.schema() != null) {
                opened.setSchema(settings.schema());
            }
            return opened;
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
    }

    /** Closes the dedicated connection, whatever state it is in; the next campaign opens a new one. */
    private void drop() {
        leading = false;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the leadership connection failed: {}", e.getMessage());
        }
        connection = null;
    }

    private static DSLContext session(Connection connection) {
        return DSL.using(new DefaultConnectionProvider(connection), SQLDialect.POSTGRES);
    }
}
