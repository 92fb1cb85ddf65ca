package dev.jobprocessor.adapters.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link PostgresJobRepository#CHANNEL} and calls back with the queue name of every enqueue, so idle
 * workers wake at once instead of at their next poll. It holds one connection; when that connection breaks (the
 * database restarted, a network blip) it reconnects by itself with a capped backoff, and reports each (re)connection
 * as a wake-up for every queue, since notifications sent while it was away are lost. Polling stays the fallback: no
 * job depends on a notification arriving.
 *
 * <p>A connection can also die in silence (a partition, a failed-over primary that vanished): nothing arrives, and
 * nothing says so. After {@link #PROBE_AFTER} without a word the listener asks the server a trivial question, which
 * must answer within {@link #PROBE_TIMEOUT}; if it does not, the connection is dropped and a new one made, on whichever
 * server is the primary now (docs/HIGH_AVAILABILITY.md). It logs once when it loses the connection and once when it
 * has it back, not at every attempt in between.
 */
public final class JobNotificationListener implements AutoCloseable {

    /** The queue name passed to the callback after a (re)connection: "something may have been missed". */
    public static final String ANY_QUEUE = "*";

    private static final Logger LOG = LoggerFactory.getLogger(JobNotificationListener.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Silence after which the connection is probed. */
    static final Duration PROBE_AFTER = Duration.ofSeconds(5);

    /** How long a probe, or any read on the listening connection, may wait for the server. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Consumer<String> onEnqueued;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int backendPid;

    /** Starts listening in the background at once. */
    public JobNotificationListener(DataSource dataSource, Consumer<String> onEnqueued) {
        this.dataSource = dataSource;
        this.onEnqueued = onEnqueued;
        this.thread =
                Thread.ofPlatform().name("jobs-notification-listener").daemon().start(this::listenUntilClosed);
    }

    /** The server process id of the current listening connection, or 0 while disconnected (for tests and ops). */
    public int backendPid() {
        return backendPid;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void listenUntilClosed() {
        Duration backoff = Duration.ofMillis(100);
        int failedAttempts = 0;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                connection.setNetworkTimeout(Runnable::run, (int) PROBE_TIMEOUT.toMillis());
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + PostgresJobRepository.CHANNEL);
                    try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                        pid.next();
                        backendPid = pid.getInt(1);
                    }
                }
                if (failedAttempts > 0) {
                    LOG.info("job notifications are back after {} failed attempt(s)", failedAttempts);
                }
                failedAttempts = 0;
                backoff = Duration.ofMillis(100);
                onEnqueued.accept(ANY_QUEUE);
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                backendPid = 0;
                if (running) {
                    if (failedAttempts == 0) {
                        LOG.warn(
                                "job notifications lost ({}); reconnecting every {} ms at most, workers poll meanwhile",
                                e.getMessage(),
                                MAX_BACKOFF.toMillis());
                    }
                    failedAttempts++;
                    sleep(backoff);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
        backendPid = 0;
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] received = notifications.getNotifications(RECEIVE_TIMEOUT_MILLIS);
            if (received != null && received.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification notification : received) {
                    onEnqueued.accept(notification.getParameter());
                }
            } else if (System.nanoTime() - lastHeard > PROBE_AFTER.toNanos()) {
                probe(connection);
                lastHeard = System.nanoTime();
            }
        }
    }

    /** A round trip that fails within {@link #PROBE_TIMEOUT} when the server is gone, silently or not. */
    private static void probe(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
