package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.port.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/** Turns "the database cannot be reached" into the application's typed, retryable error; everything else passes. */
final class StoreErrors {

    private StoreErrors() {}

    static <T> T translate(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            if (isUnavailable(e)) {
                throw new StoreUnavailableException("the job store is unavailable: " + rootMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * Connection failures (SQLSTATE class 08), the server shutting down or in recovery (57P01..57P03), too many
     * connections (53300), a pool timeout (the pool could not get a connection in time), and a transaction the server
     * rolled back to break a deadlock or a serialization conflict (40P01, 40001), and a read-only server (25006: a
     * demoted primary or a standby, whose connection the pool then drops, {@link LostServerEviction}): none of them
     * wrote anything, and the same call may succeed a moment later, on the new primary.
     */
    static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300")
                        || state.equals(LostServerEviction.READ_ONLY_SQL_TRANSACTION)
                        || state.equals("40P01")
                        || state.equals("40001")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause's message, or its class when it has none (a closed socket's EOF, for one). */
    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
    }
}
