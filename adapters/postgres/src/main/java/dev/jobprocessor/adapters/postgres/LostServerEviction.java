package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Drops the pool's connections when their server is lost to it (docs/HIGH_AVAILABILITY.md): it answers "read-only
 * transaction" (SQLSTATE 25006: a primary demoted to a standby, or fenced read-only by a failover tool), or a
 * connection to it broke (class 08: refused, reset, or a read that timed out because the peer vanished; 57P01..57P03:
 * the server shutting down or restarting). The connection that failed is dropped at once; every other one is retired
 * too ({@code evictAll}: idle ones now, busy ones when they come back), since they all lead to the same server, and a
 * new connection finds the new primary ({@code targetServerType=primary}). Without it, HikariCP would keep handing out
 * read-only sessions for ever, and after a partition each idle connection to the vanished server would hang a request
 * until its own read timed out.
 */
final class LostServerEviction implements SQLExceptionOverride {

    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private final Runnable evictAll;

    LostServerEviction(Runnable evictAll) {
        this.evictAll = Objects.requireNonNull(evictAll, "evictAll");
    }

    @java.lang.Override
    public Override adjudicate(SQLException exception) {
        if (!isLost(exception.getSQLState())) {
            return Override.CONTINUE_EVICT;
        }
        evictAll.run();
        return Override.MUST_EVICT;
    }

    static boolean isLost(String state) {
        return state != null
                && (state.equals(READ_ONLY_SQL_TRANSACTION)
                        || state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03"));
    }
}
