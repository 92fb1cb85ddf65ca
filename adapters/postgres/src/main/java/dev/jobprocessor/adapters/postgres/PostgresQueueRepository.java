package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.QUEUES;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.QueuesRecord;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queue records in the {@code queues} table (migration V8); how they bind the claim is in {@code QueueGate}. */
public final class PostgresQueueRepository implements QueueRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresQueueRepository.class);

    private final DSLContext dsl;
    private final PostgresJobRepository claims;

    /** {@code claims} is this process's claimer, told at once of each change so its next claim follows it. */
    public PostgresQueueRepository(DataSource dataSource, PostgresJobRepository claims) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        this.claims = claims;
    }

    @Override
    public List<Queue> queues() {
        return StoreErrors.translate(
                () -> dsl.selectFrom(QUEUES).orderBy(QUEUES.NAME).fetch(QueueRows::toQueue));
    }

    @Override
    public Optional<Queue> queue(String name) {
        return StoreErrors.translate(() -> dsl.selectFrom(QUEUES)
                .where(QUEUES.NAME.eq(name))
                .fetchOptional()
                .map(QueueRows::toQueue));
    }

    /**
     * Creates the row if missing, then locks it, applies the domain's change in Java and writes it back, in one
     * transaction: two operators changing different fields at once both keep their change. After the commit, one
     * NOTIFY on the enqueue channel wakes the queue's idle workers, so a resume or a raised limit is used at once.
     */
    @Override
    public Queue change(String name, QueueChange change, Instant now, String actor) {
        Queue changed = StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            ctx.insertInto(QUEUES)
                    .set(QUEUES.NAME, name)
                    .set(QUEUES.CREATED_AT, utc(now))
                    .set(QUEUES.UPDATED_AT, utc(now))
                    .onConflict(QUEUES.NAME)
                    .doNothing()
                    .execute();
            QueuesRecord row = ctx.selectFrom(QUEUES)
                    .where(QUEUES.NAME.eq(name))
                    .forUpdate()
                    .fetchSingle();
            Queue next = QueueRows.toQueue(row).apply(change, now, actor);
            ctx.update(QUEUES)
                    .set(QUEUES.PAUSED_AT, next.paused() ? utc(next.pause().at()) : null)
                    .set(QUEUES.PAUSED_BY, next.paused() ? next.pause().by() : null)
                    .set(QUEUES.CONCURRENCY_LIMIT, next.concurrencyLimit())
                    .set(
                            QUEUES.RATE_LIMIT_JOBS,
                            next.rateLimit() == null ? null : next.rateLimit().jobs())
                    .set(
                            QUEUES.RATE_LIMIT_PER_SECONDS,
                            next.rateLimit() == null ? null : next.rateLimit().perSeconds())
                    .set(QUEUES.KEY_LIMIT, next.keyLimit())
                    .set(QUEUES.RETENTION_COMPLETED_SECONDS, QueueRows.seconds(next, JobState.COMPLETED))
                    .set(QUEUES.RETENTION_CANCELLED_SECONDS, QueueRows.seconds(next, JobState.CANCELLED))
                    .set(QUEUES.RETENTION_FAILED_SECONDS, QueueRows.seconds(next, JobState.FAILED))
                    .set(QUEUES.RETENTION_DEAD_SECONDS, QueueRows.seconds(next, JobState.DEAD))
                    .set(
                            QUEUES.CALLBACK_URL,
                            next.webhook().callbackUrl() == null
                                    ? null
                                    : next.webhook().callbackUrl().text())
                    .set(
                            QUEUES.WEBHOOK_SECRET,
                            next.webhook().secret() == null
                                    ? null
                                    : next.webhook().secret().text())
                    .set(QUEUES.UPDATED_AT, utc(next.updatedAt()))
                    .where(QUEUES.NAME.eq(name))
                    .execute();
            return next;
        }));
        claims.queuesChanged();
        try {
            dsl.select(DSL.function("pg_notify", Object.class, DSL.val(PostgresJobRepository.CHANNEL), DSL.val(name)))
                    .fetch();
        } catch (RuntimeException e) {
            // Only a wake-up: workers see the change on their next poll.
            LOG.warn("could not notify the workers of queue {} of its change: {}", name, e.getMessage());
        }
        return changed;
    }

    /** One index range per queue, stopped at {@code cap} entries: cheap behind any backlog. */
    @Override
    public Map<String, Long> dueCounts(Instant now, long cap) {
        var due = DSL.select(DSL.inline(1))
                .from(JOBS)
                .where(JOBS.QUEUE.eq(QUEUES.NAME))
                .and(JOBS.STATE.eq(DSL.inline("pending")))
                .and(JOBS.RUN_AT.le(utc(now)))
                .limit(DSL.inline(cap))
                .asTable("due");
        var count = DSL.field(DSL.select(DSL.count()).from(due)).as("due");
        Map<String, Long> counts = new LinkedHashMap<>();
        StoreErrors.translate(() -> dsl.select(QUEUES.NAME, count)
                        .from(QUEUES)
                        .orderBy(QUEUES.NAME)
                        .fetch())
                .forEach(row -> {
                    if (row.value2() > 0) {
                        counts.put(row.value1(), row.value2().longValue());
                    }
                });
        return counts;
    }
}
