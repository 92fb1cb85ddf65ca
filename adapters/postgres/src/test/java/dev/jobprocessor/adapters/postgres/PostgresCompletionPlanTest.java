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
    }

    private static String explain(String sql) throws Exception {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }
}
