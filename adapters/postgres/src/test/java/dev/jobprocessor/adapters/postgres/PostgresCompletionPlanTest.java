package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How PostgreSQL plans the holders' compare-and-set (docs/BENCHMARKS.md, "Queue control and the drain"): the batch's ids
 * must drive primary-key lookups. Were the running state a literal, the planner could read {@code jobs_running} — every
 * running job, and behind a held snapshot every running version since — and join each of them to the batch; it did so
 * while the table's statistics were fresh from a TRUNCATE, which cost the drain half its throughput.
 */
class PostgresCompletionPlanTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(17);

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    @Test
    void aBatchOfCompletionsLooksItsJobsUpByIdNotThroughTheRunningIndex() throws Exception {
        repository.enqueue(IntStream.range(0, 400)
                .mapToObj(i -> submissions.of(JobRequest.ofType("work"), clock.now()))
                .toList());
        List<Job> running = repository.claim(
                new ClaimRequest("w", List.of("default"), Set.of(), 400, Duration.ofSeconds(30), clock.now()));
        assertThat(running).hasSize(400);
        List<Job> batch = running.subList(0, 80);
        List<Job> completed = batch.stream()
                .map(job -> job.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now())
                        .job())
                .toList();
        List<String> tokens =
                batch.stream().map(job -> job.leaseToken().value()).toList();

        String plan = explain(DSL.using(SQLDialect.POSTGRES)
                .renderInlined(
                        PostgresJobRepository.updateStatement(DSL.using(SQLDialect.POSTGRES), completed, tokens)));

        assertThat(plan).doesNotContain("jobs_running");
        // The plan the service runs: the driver prepares a statement it sends often, and PostgreSQL may then keep a
        // generic plan, which cannot see how many jobs the arrays hold. Each job's row must be found once, not by
        // rescanning the locked rows for every row of the batch (a join filter over both).
        assertThat(genericPlan(
                        PostgresJobRepository.updateStatement(DSL.using(SQLDialect.POSTGRES), completed, tokens)))
                .doesNotContain("Join Filter");
    }

    /**
     * EXPLAIN of {@code query} prepared (PREPARE with its bind values as parameters) and planned generically, on a
     * table with a history of completed jobs, as the service's long-running connections see it.
     */
    private static String genericPlan(Query query) throws Exception {
        List<String> values = query.getBindValues().stream()
                .map(value -> DSL.using(SQLDialect.POSTGRES).renderInlined(DSL.val(value)))
                .toList();
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts,"
                    + " run_at, timeout_seconds, errors, created_at, updated_at, snoozes, finished_at, result)"
                    + " SELECT gen_random_uuid(), 'work', 'default', '{}', 5, 'completed', 1, 5, now(), 300, '[]',"
                    + " now(), now(), 0, now(), '{}' FROM generate_series(1, 20000)");
            statement.execute("ANALYZE jobs");
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE completion AS "
                    + numbered(DSL.using(SQLDialect.POSTGRES).render(query)));
            try {
                return explain("EXECUTE completion(" + String.join(", ", values) + ")", statement);
            } finally {
                statement.execute("DEALLOCATE completion");
                statement.execute("RESET plan_cache_mode");
            }
        }
    }

    /** JDBC's placeholders as PREPARE's: the n-th {@code ?} becomes {@code $n} (the statement has no other ?). */
    private static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++n);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    private static String explain(String sql) throws Exception {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            return explain(sql, statement);
        }
    }

    private static String explain(String sql, Statement statement) throws Exception {
        try (ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }
}
