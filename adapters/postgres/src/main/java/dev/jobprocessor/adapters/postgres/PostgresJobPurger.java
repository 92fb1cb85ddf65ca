package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOB_DEPENDENCIES;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Deletes finished jobs in PostgreSQL (docs/PERSISTENCE.md, "Retention"). A batch is one statement: a materialized
 * select picks the oldest expired rows through the partial index {@code jobs_finished} (migration V6) and locks them,
 * skipping rows another transaction holds; the DELETE checks the state and the cutoff again on the row it
 * deletes. So a row a claim, a completion, the reaper or an operator's retry is changing is either left alone now and
 * met by a later sweep, or deleted before that writer gets to it (which then finds no job): never a pending or
 * running job. The statement triggers of V2 take the deleted rows off {@code job_counts} in the same transaction.
 */
public final class PostgresJobPurger implements JobPurger {

    /** One round's batches: the same state, cutoff and scope (a new round brings a new cutoff). */
    private record Round(JobState state, Instant cutoff, QueueScope scope) {}

    private final DSLContext dsl;

    /**
     * Where the next batch of a round starts: the {@code finished_at} of the last row the previous batch deleted.
     * Without it each batch would read {@code jobs_finished} from the oldest entry, and behind a held snapshot every
     * entry of the rows the round already deleted stays there until vacuum can remove it: the round's k-th batch would
     * walk k − 1 batches of dead entries (docs/PERSISTENCE.md, "Retention"). A row the cursor passes — one a concurrent
     * writer held, or one whose finish committed late with an earlier time — is met by the next round, which starts
     * from the front again, as does any call after a short batch. Only the latest round is kept.
     */
    private final Map<Round, OffsetDateTime> resumeFrom = new ConcurrentHashMap<>();

    public PostgresJobPurger(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public int purgeFinished(JobState state, Instant finishedBefore, int limit, QueueScope scope) {
        requireFinal(state);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        Round round = new Round(state, finishedBefore, scope);
        OffsetDateTime from = resumeFrom.get(round);
        Condition expired = expired(state, finishedBefore).and(inScope(scope));
        Condition fromCursor = from == null ? DSL.noCondition() : JOBS.FINISHED_AT.ge(from);
        // MATERIALIZED: the batch is chosen once. Written as "id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)" the
        // planner may run the subquery again for each row it joins, and each run skips the rows the statement has
        // already deleted and picks the next ones: more than n rows deleted (the contract test caught it).
        CommonTableExpression<Record1<UUID>> batch = DSL.name("batch")
                .fields("id")
                .asMaterialized(DSL.select(JOBS.ID)
                        .from(JOBS)
                        .where(expired.and(fromCursor))
                        .orderBy(JOBS.FINISHED_AT)
                        // Inline, as in the claim: a generic plan that cannot see the limit misjudges the rows.
                        .limit(DSL.inline(limit))
                        .forUpdate()
                        .skipLocked());
        // A purged job's own job_dependencies rows (those naming its parents) go in the same statement; rows naming it
        // as a parent stay, so its children show it as purged (docs/WORKFLOWS.md).
        CommonTableExpression<?> gone = DSL.name("gone")
                .fields("id", "finished_at", "dependency_parents")
                .as(DSL.delete(JOBS)
                        .using(batch)
                        .where(JOBS.ID.eq(batch.field("id", UUID.class)))
                        // Again on the row being deleted: the rule that keeps pending and running jobs, stated where
                        // it acts.
                        .and(expired)
                        .returningResult(JOBS.ID, JOBS.FINISHED_AT, JOBS.DEPENDENCY_PARENTS));
        CommonTableExpression<?> edges = DSL.name("edges")
                .fields("child_id")
                .as(DSL.delete(JOB_DEPENDENCIES)
                        .using(gone)
                        .where(JOB_DEPENDENCIES.CHILD_ID.eq(gone.field("id", UUID.class)))
                        .and(gone.field("dependency_parents", Short.class).isNotNull())
                        .returningResult(JOB_DEPENDENCIES.CHILD_ID));
        Field<OffsetDateTime> finishedAt = gone.field("finished_at", OffsetDateTime.class);
        List<OffsetDateTime> deleted = StoreErrors.translate(() -> dsl.with(batch)
                .with(gone)
                .with(edges)
                .select(finishedAt)
                .from(gone)
                .fetch(finishedAt));
        // ">=" the last time deleted, not ">": rows finished at the same microsecond may straddle two batches.
        Optional<OffsetDateTime> last = deleted.stream().max(Comparator.naturalOrder());
        resumeFrom.keySet().removeIf(other -> !other.equals(round));
        if (deleted.size() == limit && last.isPresent()) {
            resumeFrom.put(round, last.get());
        } else {
            // A short batch ends the round (PurgeLoop stops there): the next call starts from the front.
            resumeFrom.remove(round);
        }
        return deleted.size();
    }

    private static Condition inScope(QueueScope scope) {
        return switch (scope) {
            case QueueScope.All all -> DSL.noCondition();
            case QueueScope.Only only -> JOBS.QUEUE.eq(only.queue());
            case QueueScope.AllBut allBut ->
                allBut.queues().isEmpty() ? DSL.noCondition() : JOBS.QUEUE.notIn(allBut.queues());
        };
    }

    @Override
    public long countFinished(JobState state, Instant finishedBefore) {
        requireFinal(state);
        return StoreErrors.translate(() -> dsl.fetchCount(JOBS, expired(state, finishedBefore)));
    }

    /**
     * Locks the row, reads its state, and deletes it only if it is finished, in one transaction: a concurrent writer
     * either finishes first (and the state read is its result) or waits and then finds no job.
     */
    @Override
    public PurgeOutcome purge(JobId id) {
        UUID key = id.value();
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            String stored = ctx.select(JOBS.STATE)
                    .from(JOBS)
                    .where(JOBS.ID.eq(key))
                    .forUpdate()
                    .fetchOne(JOBS.STATE);
            if (stored == null) {
                return new PurgeOutcome.Missing(id);
            }
            JobState state = JobState.fromWireName(stored);
            if (!state.isTerminal()) {
                return new PurgeOutcome.NotFinished(id, state);
            }
            ctx.deleteFrom(JOBS).where(JOBS.ID.eq(key)).execute();
            ctx.deleteFrom(JOB_DEPENDENCIES)
                    .where(JOB_DEPENDENCIES.CHILD_ID.eq(key))
                    .execute();
            return new PurgeOutcome.Purged(id, state);
        }));
    }

    /**
     * The state is inlined so the plan for each state is its own (completed jobs are most of the table, dead ones
     * few); {@code finished_at < ?} lets the planner use the partial index, whose predicate it implies.
     */
    private static Condition expired(JobState state, Instant finishedBefore) {
        OffsetDateTime cutoff = utc(finishedBefore);
        return JOBS.STATE.eq(DSL.inline(state.wireName())).and(JOBS.FINISHED_AT.lt(cutoff));
    }

    private static void requireFinal(JobState state) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("only finished jobs can be purged, not " + state.wireName() + " ones");
        }
    }
}
