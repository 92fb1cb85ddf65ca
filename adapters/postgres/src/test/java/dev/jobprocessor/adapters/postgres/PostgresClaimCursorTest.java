package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claims that start at their cursors, on a real PostgreSQL: what they skip while a snapshot is held, and the jobs
 * behind a cursor that only the next full scan finds (docs/PERSISTENCE.md, "Claim cursors").
 */
class PostgresClaimCursorTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final AtomicLong nanos = new AtomicLong();
    private final ClaimCursors cursors = new ClaimCursors(nanos::get);
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource(), cursors);
    private final Submissions submissions = new Submissions(11);

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    private ClaimRequest claim(int limit) {
        return new ClaimRequest("w", List.of("default"), Set.of(), limit, LEASE, clock.now());
    }

    private Job submit(int priority, Instant runAt) {
        Submission submission =
                submissions.of(JobRequest.ofType("work").withPriority(priority).withRunAt(runAt), clock.now());
        repository.enqueue(List.of(submission));
        return submission.job();
    }

    @Test
    void whileASnapshotIsHeldAClaimFromItsCursorSkipsTheEntriesOfJobsAlreadyClaimed() throws Exception {
        for (int from = 0; from < 11_000; from += 500) {
            int first = from;
            repository.enqueue(IntStream.range(first, first + 500)
                    .mapToObj(i -> submissions.of(
                            JobRequest.ofType("work").withRunAt(clock.now().plusMillis(10L * i)), clock.now()))
                    .toList());
        }
        clock.advance(Duration.ofMinutes(3));
        try (Connection held = SCHEMA.dataSource().getConnection()) {
            holdASnapshot(held);
            for (int claimed = 0; claimed < 10_000; claimed += 100) {
                assertThat(repository.claim(claim(100))).hasSize(100);
            }
            ClaimRequest next = claim(10);

            ClaimPlan fromCursor = cursors.plan(next);
            assertThat(fromCursor).isInstanceOf(ClaimPlan.Ranges.class);
            long cursorBuffers = buffersRead(next, fromCursor);
            long frontBuffers = buffersRead(next, new ClaimPlan.FullScan());

            assertThat(frontBuffers)
                    .as("from the front, the claim visits the 10 000 entries of jobs claimed since the snapshot")
                    .isGreaterThan(200);
            assertThat(cursorBuffers)
                    .as("from its cursor, the claim reads the margin's entries and the jobs it takes")
                    .isLessThan(40);
            held.rollback();
        }
    }

    @Test
    void aJobMoreThanTheMarginBehindTheCursorWaitsForTheNextFullScan() {
        submit(5, clock.now());
        assertThat(repository.claim(claim(10))).hasSize(1);
        Job behind = submit(5, clock.now().minus(ClaimCursors.MARGIN).minusSeconds(3600));

        assertThat(repository.claim(claim(10))).as("behind the cursor").isEmpty();

        nanos.addAndGet(ClaimCursors.FULL_SCAN_INTERVAL.toNanos());
        assertThat(repository.claim(claim(10))).extracting(Job::id).containsExactly(behind.id());
    }

    @Test
    void aJobCommittedOutOfOrderWithinTheMarginIsClaimedAtOnce() {
        submit(5, clock.now());
        assertThat(repository.claim(claim(10))).hasSize(1);
        Job late = submit(5, clock.now().minus(ClaimCursors.MARGIN).plusMillis(1));

        assertThat(repository.claim(claim(10))).extracting(Job::id).containsExactly(late.id());
    }

    @Test
    void aMoreUrgentJobIsClaimedAtOnceWhateverItsRunAt() {
        submit(5, clock.now());
        assertThat(repository.claim(claim(10))).hasSize(1);
        Job urgent = submit(1, clock.now().minusSeconds(3600));
        Job next = submit(5, clock.now());

        assertThat(repository.claim(claim(10)))
                .as("claim order holds across ranges")
                .extracting(Job::id)
                .containsExactly(urgent.id(), next.id());
    }

    @Test
    void aClaimFromSeveralRangesTakesOnlyItsLimitInClaimOrder() {
        submit(5, clock.now());
        assertThat(repository.claim(claim(1))).hasSize(1);
        Instant runAt = clock.now().minusMillis(100);
        List<Job> jobs = List.of(
                submit(7, runAt),
                submit(5, runAt.plusMillis(1)),
                submit(2, runAt.plusMillis(2)),
                submit(5, runAt.plusMillis(3)));
        assertThat(cursors.plan(claim(2))).isInstanceOf(ClaimPlan.Ranges.class);

        assertThat(repository.claim(claim(2)))
                .extracting(Job::id)
                .containsExactly(jobs.get(2).id(), jobs.get(1).id());
        assertThat(repository.claim(claim(10)))
                .as("the jobs a range locked but the claim did not take are free again")
                .extracting(Job::id)
                .containsExactly(jobs.get(3).id(), jobs.get(0).id());
    }

    /** Keeps {@code connection}'s snapshot, and so every row version since, from being cleaned up. */
    private static void holdASnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT txid_current()")) {
            rs.next();
        }
    }

    /**
     * The shared buffers the claim's scans of the jobs table touch to find its jobs (index and heap pages), from
     * EXPLAIN ANALYZE in a transaction that is rolled back; the update's own writes are not counted. PostgreSQL counts
     * a heap page once for a run of entries that point into it, so this undercounts the work: it is a floor.
     */
    private long buffersRead(ClaimRequest request, ClaimPlan plan) throws Exception {
        String sql = DSL.using(SQLDialect.POSTGRES).renderInlined(repository.claimStatement(request, plan));
        try (Connection connection = SCHEMA.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                rs.next();
                JsonNode top =
                        new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
                return scanBuffers(top);
            } finally {
                connection.rollback();
            }
        }
    }

    private static long scanBuffers(JsonNode node) {
        long buffers = 0;
        // The claim's own scans; the join back through the primary key costs the same in every plan.
        if (node.path("Node Type").asText().endsWith("Scan")
                && "jobs".equals(node.path("Relation Name").asText())
                && !"jobs_pkey".equals(node.path("Index Name").asText())) {
            buffers += node.get("Shared Hit Blocks").asLong()
                    + node.get("Shared Read Blocks").asLong();
        }
        for (JsonNode child : node.path("Plans")) {
            buffers += scanBuffers(child);
        }
        return buffers;
    }
}
