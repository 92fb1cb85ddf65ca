package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;
import static dev.jobprocessor.adapters.postgres.JobRows.toJob;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOB_COUNTS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOB_COUNT_CHANGES;

import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.domain.AttemptError;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The operator's reads in PostgreSQL: counts from the trigger-maintained {@code job_counts} and its pending changes
 * (migration V2), backlogs from the claim index, recent failures from the index on {@code last_failed_at}. No method takes a
 * row lock or writes.
 */
public final class PostgresStatisticsReader implements StatisticsReader {

    /** See PostgresJobRepository: the partial indexes are usable only when the planner sees the state. */
    private static final Field<String> PENDING_LITERAL = DSL.inline(JobState.PENDING.wireName());

    private final DSLContext dsl;

    public PostgresStatisticsReader(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    /** Sums the folded counts and the changes not folded yet, in one statement and so one snapshot. */
    @Override
    public List<JobCount> counts() {
        var counted = DSL.select(
                        JOB_COUNTS.QUEUE, JOB_COUNTS.TYPE, JOB_COUNTS.STATE, JOB_COUNTS.JOBS, JOB_COUNTS.ATTEMPTS)
                .from(JOB_COUNTS)
                .unionAll(DSL.select(
                                JOB_COUNT_CHANGES.QUEUE,
                                JOB_COUNT_CHANGES.TYPE,
                                JOB_COUNT_CHANGES.STATE,
                                JOB_COUNT_CHANGES.JOBS,
                                JOB_COUNT_CHANGES.ATTEMPTS)
                        .from(JOB_COUNT_CHANGES))
                .asTable("counted");
        Field<String> queue = counted.field(JOB_COUNTS.QUEUE);
        Field<String> type = counted.field(JOB_COUNTS.TYPE);
        Field<String> state = counted.field(JOB_COUNTS.STATE);
        Field<Long> jobs = DSL.sum(counted.field(JOB_COUNTS.JOBS)).cast(Long.class);
        Field<Long> attempts = DSL.sum(counted.field(JOB_COUNTS.ATTEMPTS)).cast(Long.class);
        return StoreErrors.translate(() -> dsl.select(queue, type, state, jobs, attempts)
                .from(counted)
                .groupBy(queue, type, state)
                .having(jobs.gt(0L))
                .orderBy(queue, type, state)
                .fetch(row -> new JobCount(
                        row.value1(), row.value2(), JobState.fromWireName(row.value3()), row.value4(), row.value5())));
    }

    /**
     * One index seek per (queue, priority): the claim index is ordered by (queue, priority, run_at), so the earliest
     * due job of each priority is its first entry, and the cost follows the number of queues, not the backlog.
     */
    @Override
    public List<PendingBacklog> oldestEligiblePending(Instant now) {
        List<String> queues = counts().stream()
                .filter(c -> c.state() == JobState.PENDING)
                .map(JobCount::queue)
                .distinct()
                .toList();
        if (queues.isEmpty()) {
            return List.of();
        }
        Table<?> queue = DSL.unnest(queues.toArray(new String[0])).as("queue", "name");
        Field<String> queueName = queue.field("name", String.class);
        Table<Record1<Integer>> priority = DSL.generateSeries(JobLimits.MIN_PRIORITY, JobLimits.MAX_PRIORITY)
                .as("priority", "value");
        Field<Integer> priorityValue = priority.field("value", Integer.class);
        Table<Record1<OffsetDateTime>> first = DSL.lateral(DSL.select(JOBS.RUN_AT)
                        .from(JOBS)
                        .where(JOBS.STATE.eq(PENDING_LITERAL))
                        .and(JOBS.QUEUE.eq(queueName))
                        .and(JOBS.PRIORITY.eq(priorityValue.cast(Short.class)))
                        .and(JOBS.RUN_AT.le(utc(now)))
                        .orderBy(JOBS.RUN_AT)
                        .limit(1))
                .as("first");
        Field<OffsetDateTime> oldest = DSL.min(first.field(JOBS.RUN_AT));
        return StoreErrors.translate(() -> dsl.select(queueName, oldest)
                .from(queue)
                .crossJoin(priority)
                .crossJoin(first)
                .groupBy(queueName)
                .orderBy(queueName)
                .fetch(row -> new PendingBacklog(row.value1(), instant(row.value2()))));
    }

    @Override
    public List<RecentFailure> recentFailures(int limit) {
        return StoreErrors.translate(() -> dsl.selectFrom(JOBS)
                .where(JOBS.LAST_FAILED_AT.isNotNull())
                .orderBy(JOBS.LAST_FAILED_AT.desc(), JOBS.ID.desc())
                .limit(limit)
                .fetch(row -> {
                    Job job = toJob(row);
                    AttemptError last = job.errors().getLast();
                    return new RecentFailure(
                            job.id(), job.type(), job.queue(), job.state(), last.attempt(), last.message(), last.at());
                }));
    }
}
