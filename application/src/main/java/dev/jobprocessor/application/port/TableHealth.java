package dev.jobprocessor.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the jobs table's storage is doing, as the database's own statistics say: live and dead row versions, size, when
 * it was last vacuumed, and the oldest transaction open in the database (docs/PERSISTENCE.md, "Table health"). A queue
 * table is updated in place all day, so dead row versions pile up unless vacuum keeps pace, and vacuum can remove only
 * those that no open transaction may still see.
 *
 * <p>Every time here is on the database's clock, and {@link #readAt()} is that clock when the reading was taken, so the
 * ages ({@link #sinceAutovacuum()}, {@link #oldestTransactionAge()}) do not depend on the service host's clock.
 *
 * @param readAt the database's time of the reading
 * @param liveTuples the statistics' estimate of live rows
 * @param deadTuples the statistics' estimate of dead row versions not yet removed by vacuum
 * @param totalBytes the table on disk: heap, indexes and TOAST
 * @param indexBytes the part of {@code totalBytes} that is indexes
 * @param lastVacuum the end of the latest vacuum of either kind, manual or automatic; empty if none since the
 *     statistics were last reset
 * @param lastAutovacuum the end of the latest vacuum by autovacuum; empty if none (or autovacuum is off)
 * @param autovacuumCount how many times autovacuum has vacuumed the table since the statistics were last reset
 * @param oldestTransaction the open transaction that started first in this database, other than the reading's own;
 *     empty when there is none
 */
public record TableHealth(
        Instant readAt,
        long liveTuples,
        long deadTuples,
        long totalBytes,
        long indexBytes,
        Optional<Instant> lastVacuum,
        Optional<Instant> lastAutovacuum,
        long autovacuumCount,
        Optional<OpenTransaction> oldestTransaction) {

    public TableHealth {
        Objects.requireNonNull(readAt, "readAt");
        Objects.requireNonNull(lastVacuum, "lastVacuum");
        Objects.requireNonNull(lastAutovacuum, "lastAutovacuum");
        Objects.requireNonNull(oldestTransaction, "oldestTransaction");
        if (liveTuples < 0 || deadTuples < 0 || totalBytes < 0 || indexBytes < 0 || autovacuumCount < 0) {
            throw new IllegalArgumentException("table statistics are never negative");
        }
    }

    /** How long ago autovacuum last finished on the table; empty when it never has. */
    public Optional<Duration> sinceAutovacuum() {
        return lastAutovacuum.map(at -> between(at, readAt));
    }

    /** How long the oldest open transaction has been open; zero when none is. */
    public Duration oldestTransactionAge() {
        return oldestTransaction.map(t -> t.age(readAt)).orElse(Duration.ZERO);
    }

    private static Duration between(Instant from, Instant to) {
        Duration age = Duration.between(from, to);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /**
     * An open transaction as {@code pg_stat_activity} shows it, with what an operator needs to find its session.
     *
     * @param processId the server process id of its session ({@code pid}), as {@code pg_terminate_backend} takes it
     * @param startedAt when the transaction started ({@code xact_start})
     * @param state the session's state, such as {@code active} or {@code idle in transaction}
     * @param applicationName the {@code application_name} the client set; empty when it set none
     * @param holdsBackVacuum whether the session holds a snapshot or a transaction id ({@code backend_xmin} or
     *     {@code backend_xid}), so vacuum cannot remove row versions that died after it started
     */
    public record OpenTransaction(
            int processId, Instant startedAt, String state, String applicationName, boolean holdsBackVacuum) {

        public OpenTransaction {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(applicationName, "applicationName");
        }

        /** How long the transaction has been open at {@code at}. */
        public Duration age(Instant at) {
            return between(startedAt, at);
        }
    }
}
