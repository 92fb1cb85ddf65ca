package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.TableHealth.OpenTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PostgresStatisticsReader#tableHealth()} against a real server: the jobs table of the class's own schema, its
 * dead row versions before and after a vacuum, and a transaction left open by another session, found by its state and
 * application name and gone once it ends.
 *
 * <p>The statistics' row counters are flushed by each session on its own schedule (at most once a second, or about ten
 * seconds later when it goes idle). Every write here is made by one session that then calls
 * {@code pg_stat_force_next_flush()}, so its counts are in the shared statistics when the next statement returns. The
 * test server may run with autovacuum off, so nothing here waits for autovacuum; a manual {@code VACUUM} is what shows
 * a vacuum time.
 */
class TableHealthTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final PostgresStatisticsReader statistics = new PostgresStatisticsReader(SCHEMA.dataSource());

    @Test
    void countsLiveAndDeadRowVersionsUntilAVacuumRemovesTheDeadOnes() throws SQLException {
        try (Connection writer = SCHEMA.dataSource().getConnection();
                Statement sql = writer.createStatement()) {
            sql.execute("INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at,"
                    + " timeout_seconds, created_at, updated_at) SELECT gen_random_uuid(), 'health', 'default', '{}', 5,"
                    + " 'pending', 0, 5, now(), 300, now(), now() FROM generate_series(1, 200)");
            // Deletes only: they add no row versions, so no page fills up and no read prunes the dead ones early.
            sql.execute("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs ORDER BY id LIMIT 50)");
            sql.execute("SELECT pg_stat_force_next_flush()");

            TableHealth before = statistics.tableHealth().orElseThrow();

            assertThat(before.liveTuples()).isEqualTo(150);
            assertThat(before.deadTuples()).isEqualTo(50);
            assertThat(before.totalBytes()).isEqualTo(single(sql, "SELECT pg_total_relation_size('jobs')"));
            assertThat(before.indexBytes()).isEqualTo(single(sql, "SELECT pg_indexes_size('jobs')"));
            assertThat(before.indexBytes()).isPositive().isLessThan(before.totalBytes());
            assertThat(before.lastVacuum())
                    .as("a fresh table was never vacuumed")
                    .isEmpty();
            assertThat(before.sinceAutovacuum()).isEmpty();

            sql.execute("VACUUM jobs");
            TableHealth after = statistics.tableHealth().orElseThrow();

            assertThat(after.deadTuples()).as("vacuum removed them").isZero();
            assertThat(after.liveTuples()).isEqualTo(150);
            assertThat(after.lastVacuum()).isPresent();
            assertThat(Duration.between(after.lastVacuum().orElseThrow(), after.readAt()))
                    .isGreaterThanOrEqualTo(Duration.ZERO)
                    .isLessThan(PATIENCE);
            assertThat(after.sinceAutovacuum())
                    .as("the time since autovacuum follows its last run, whether or not the server runs it")
                    .isEqualTo(after.lastAutovacuum().map(at -> Duration.between(at, after.readAt())));
        }
    }

    @Test
    void namesTheOldestOpenTransactionUntilItEnds() throws Exception {
        String application = "table-health-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection idle = SCHEMA.dataSource().getConnection();
                Statement sql = idle.createStatement()) {
            idle.setClientInfo("ApplicationName", application);
            idle.setAutoCommit(false);
            int pid = Math.toIntExact(single(sql, "SELECT pg_backend_pid()")); // begins the transaction
            try {
                TableHealth health = await(h -> h.oldestTransaction()
                        .filter(t -> t.processId() == pid)
                        .filter(t -> t.age(h.readAt()).compareTo(Duration.ofSeconds(1)) >= 0)
                        .isPresent());
                OpenTransaction open = health.oldestTransaction().orElseThrow();

                assertThat(open.state()).isEqualTo("idle in transaction");
                assertThat(open.applicationName()).isEqualTo(application);
                assertThat(health.oldestTransactionAge()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));

                sql.execute("SELECT pg_current_xact_id()"); // takes a transaction id, as any write would
                OpenTransaction writing = statistics
                        .tableHealth()
                        .orElseThrow()
                        .oldestTransaction()
                        .orElseThrow();
                assertThat(writing.processId()).isEqualTo(pid);
                assertThat(writing.holdsBackVacuum()).isTrue();
                assertThat(writing.startedAt()).isEqualTo(open.startedAt());
            } finally {
                idle.commit();
                idle.setAutoCommit(true);
                idle.setClientInfo("ApplicationName", "");
            }
            assertThat(statistics
                            .tableHealth()
                            .orElseThrow()
                            .oldestTransaction()
                            .filter(t -> t.processId() == pid))
                    .as("once committed, the session no longer shows")
                    .isEmpty();
        }
    }

    @Test
    void aReadingNeverReportsItsOwnSession() {
        TableHealth health = statistics.tableHealth().orElseThrow();

        assertThat(health.oldestTransaction())
                .as("no test session has a transaction open, and the reading's own is left out")
                .isEmpty();
        assertThat(health.oldestTransactionAge()).isZero();
    }

    /** Reads until a reading matches, within {@link #PATIENCE}. */
    private TableHealth await(Predicate<TableHealth> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        TableHealth health = statistics.tableHealth().orElseThrow();
        while (!wanted.test(health)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reading matched within " + PATIENCE + "; last: " + health);
            }
            Thread.sleep(50);
            health = statistics.tableHealth().orElseThrow();
        }
        return health;
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
