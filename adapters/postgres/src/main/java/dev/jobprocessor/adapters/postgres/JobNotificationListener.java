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
 */
public final class JobNotificationListener implements AutoCloseable {

    /** The queue name passed to the callback after a (re)connection: "something may have been missed". */
    public static final String ANY_QUEUE = "*";

    private static final Logger LOG = LoggerFactory.getLogger(JobNotificationListener.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

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
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + PostgresJobRepository.CHANNEL);
                    try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                        pid.next();
                        backendPid = pid.getInt(1);
                    }
                }
                backoff = Duration.ofMillis(100);
                onEnqueued.accept(ANY_QUEUE);
                receive(connection.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                backendPid = 0;
                if (running) {
                    LOG.warn(
                            "job notifications interrupted ({}); reconnecting in {} ms",
                            e.getMessage(),
                            backoff.toMillis());
                    sleep(backoff);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
        backendPid = 0;
    }

    private void receive(PGConnection connection) throws SQLException {
        while (running) {
            PGNotification[] notifications = connection.getNotifications(RECEIVE_TIMEOUT_MILLIS);
            if (notifications == null) {
                continue;
            }
            for (PGNotification notification : notifications) {
                onEnqueued.accept(notification.getParameter());
            }
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
