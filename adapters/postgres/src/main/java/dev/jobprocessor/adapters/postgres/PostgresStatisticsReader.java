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
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.domain.AttemptError;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record5;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The operator's reads in PostgreSQL: counts from the trigger-maintained {@code job_counts} and its pending changes
 * (migration V2), backlogs from the claim index, recent failures from the index on {@code last_failed_at}, and the
 * jobs table's health from the statistics views {@code pg_stat_user_tables} and {@code pg_stat_activity}. No method
 * takes a row lock or writes.
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

    /**
     * One statement: the jobs table's row of {@code pg_stat_user_tables} (the table that the unqualified name
     * {@code jobs} means on this connection's {@code search_path}, as in every other statement here), its sizes, and,
     * joined to it, the oldest open transaction of this database in {@code pg_stat_activity}: among client sessions
     * (not autovacuum or other background workers) other than the reading's own, the one whose {@code xact_start} is
     * earliest. Sessions of other roles show no {@code xact_start} to a role without {@code pg_read_all_stats}, so they
     * are seen only when the service's role has it (docs/PERSISTENCE.md, "Table health"). Ages are the database's
     * {@code current_timestamp} minus its own times.
     */
    @Override
    public Optional<TableHealth> tableHealth() {
        Table<?> table =
                DSL.table(DSL.name("pg_catalog", "pg_stat_user_tables")).as("t");
        Field<Long> relid = DSL.field(DSL.name("t", "relid"), Long.class);
        Field<Long> live = DSL.field(DSL.name("t", "n_live_tup"), Long.class);
        Field<Long> dead = DSL.field(DSL.name("t", "n_dead_tup"), Long.class);
        Field<OffsetDateTime> lastManualVacuum = DSL.field(DSL.name("t", "last_vacuum"), OffsetDateTime.class);
        Field<OffsetDateTime> lastAutovacuum = DSL.field(DSL.name("t", "last_autovacuum"), OffsetDateTime.class);
        Field<Long> autovacuumCount = DSL.field(DSL.name("t", "autovacuum_count"), Long.class);
        // greatest() ignores NULLs in PostgreSQL: the later of the two, or either one, or NULL when neither ran.
        Field<OffsetDateTime> lastVacuum = DSL.greatest(lastManualVacuum, lastAutovacuum);
        Field<Long> totalBytes = DSL.function("pg_total_relation_size", Long.class, relid);
        Field<Long> indexBytes = DSL.function("pg_indexes_size", Long.class, relid);
        Field<OffsetDateTime> readAt = DSL.currentOffsetDateTime();

        Table<?> activity =
                DSL.table(DSL.name("pg_catalog", "pg_stat_activity")).as("a");
        Field<Integer> pid = DSL.field(DSL.name("a", "pid"), Integer.class);
        Field<OffsetDateTime> started = DSL.field(DSL.name("a", "xact_start"), OffsetDateTime.class);
        Field<String> state = DSL.field(DSL.name("a", "state"), String.class);
        Field<String> application = DSL.field(DSL.name("a", "application_name"), String.class);
        Field<Boolean> holdsBackVacuum = DSL.field(DSL.field(DSL.name("a", "backend_xmin"))
                        .isNotNull()
                        .or(DSL.field(DSL.name("a", "backend_xid")).isNotNull()))
                .as("holds_back_vacuum");
        Table<Record5<Integer, OffsetDateTime, String, String, Boolean>> oldest = DSL.lateral(
                        DSL.select(pid, started, state, application, holdsBackVacuum)
                                .from(activity)
                                .where(DSL.field(DSL.name("a", "datname"), String.class)
                                        .eq(DSL.function("current_database", String.class)))
                                .and(DSL.field(DSL.name("a", "backend_type"), String.class)
                                        .eq(DSL.inline("client backend")))
                                .and(started.isNotNull())
                                .and(pid.ne(DSL.function("pg_backend_pid", Integer.class)))
                                .orderBy(started, pid)
                                .limit(1))
                .as("o");
        Field<Integer> oldestPid = oldest.field(pid);
        Field<OffsetDateTime> oldestStarted = oldest.field(started);
        Field<String> oldestState = oldest.field(state);
        Field<String> oldestApplication = oldest.field(application);
        Field<Boolean> oldestHoldsBackVacuum = oldest.field(holdsBackVacuum);

        return StoreErrors.translate(() -> dsl.select(
                        readAt,
                        live,
                        dead,
                        totalBytes,
                        indexBytes,
                        lastVacuum,
                        lastAutovacuum,
                        autovacuumCount,
                        oldestPid,
                        oldestStarted,
                        oldestState,
                        oldestApplication,
                        oldestHoldsBackVacuum)
                .from(table)
                .leftJoin(oldest)
                .on(DSL.trueCondition())
                .where(relid.eq(DSL.function("to_regclass", Long.class, DSL.val(JOBS.getName()))))
                .fetchOptional(row -> new TableHealth(
                        instant(row.get(readAt)),
                        row.get(live),
                        row.get(dead),
                        row.get(totalBytes),
                        row.get(indexBytes),
                        Optional.ofNullable(instant(row.get(lastVacuum))),
                        Optional.ofNullable(instant(row.get(lastAutovacuum))),
                        row.get(autovacuumCount),
                        Optional.ofNullable(row.get(oldestStarted))
                                .map(at -> new TableHealth.OpenTransaction(
                                        row.get(oldestPid),
                                        instant(at),
                                        Objects.requireNonNullElse(row.get(oldestState), ""),
                                        Objects.requireNonNullElse(row.get(oldestApplication), ""),
                                        Boolean.TRUE.equals(row.get(oldestHoldsBackVacuum)))))));
    }
}
