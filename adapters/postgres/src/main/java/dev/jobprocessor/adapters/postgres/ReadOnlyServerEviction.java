package dev.jobprocessor.adapters.postgres;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Drops the pool's connections when its server answers "read-only transaction" (SQLSTATE 25006): a primary demoted to
 * a standby, or fenced read-only by a failover tool, keeps answering so on every connection the pool holds to it,
 * while a new connection finds the new primary ({@code targetServerType=primary}, docs/HIGH_AVAILABILITY.md). The
 * connection that answered is dropped at once; every other one is retired too ({@code evictAll}: idle ones now, busy
 * ones when they come back), since they all lead to the same server. HikariCP does neither by itself for this state.
 */
final class ReadOnlyServerEviction implements SQLExceptionOverride {

    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private final Runnable evictAll;

    ReadOnlyServerEviction(Runnable evictAll) {
        this.evictAll = Objects.requireNonNull(evictAll, "evictAll");
    }

    @java.lang.Override
    public Override adjudicate(SQLException exception) {
        if (!READ_ONLY_SQL_TRANSACTION.equals(exception.getSQLState())) {
            return Override.CONTINUE_EVICT;
        }
        evictAll.run();
        return Override.MUST_EVICT;
    }
}
