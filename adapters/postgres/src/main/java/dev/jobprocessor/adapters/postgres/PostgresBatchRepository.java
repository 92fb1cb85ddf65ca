package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.jooq.Tables.BATCHES;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.BATCH_CALLBACKS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchCallbacksRecord;
import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchesRecord;
import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobStateCounts;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Batches in PostgreSQL (migration V15): a {@code batches} row with the tally, its {@code batch_callbacks}, and
 * {@code jobs.batch_id} on each of its jobs, written in one transaction with the jobs. The tally moves and the
 * callbacks are enqueued by {@link PostgresJobRepository#apply}, in the transactions that end the jobs
 * ({@link BatchTallies}).
 */
public final class PostgresBatchRepository implements BatchRepository {

    private final DSLContext dsl;

    public PostgresBatchRepository(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public List<Enqueued> create(Batch batch, List<Submission> submissions) {
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            ctx.executeInsert(BatchRows.toRecord(batch));
            batch.callbacks()
                    .forEach((callback, template) -> ctx.executeInsert(BatchRows.toRecord(batch, callback, template)));
            UUID id = batch.id().value();
            // has_dependents: the batch's callbacks depend on each of its jobs, so their ends take the locking path,
            // whose transaction moves the tally, and the completion's compare-and-set needs no condition of its own.
            List<Enqueued> enqueued = PostgresJobRepository.insertAll(ctx, submissions, row -> {
                row.setBatchId(id);
                row.setHasDependents(true);
            });
            PostgresJobRepository.requireAllCreated(enqueued, "batch " + batch.id());
            PostgresJobRepository.notifyAtCommit(
                    ctx, enqueued.stream().map(e -> e.job().queue()).distinct().toList());
            return enqueued;
        }));
    }

    /**
     * Three reads, not one snapshot: a job ending between them may show in the totals and not yet in the tally, or the
     * other way round; each part is as its own read found it.
     */
    @Override
    public Optional<BatchStatus> findBatch(BatchId id) {
        return StoreErrors.translate(() -> {
            BatchesRecord row =
                    dsl.selectFrom(BATCHES).where(BATCHES.ID.eq(id.value())).fetchOne();
            if (row == null) {
                return Optional.empty();
            }
            List<BatchCallbacksRecord> callbacks = dsl.selectFrom(BATCH_CALLBACKS)
                    .where(BATCH_CALLBACKS.BATCH_ID.eq(id.value()))
                    .fetch();
            Map<JobState, Integer> totals = JobStateCounts.none();
            dsl.select(JOBS.STATE, DSL.count())
                    .from(JOBS)
                    .where(JOBS.BATCH_ID.eq(id.value()))
                    .groupBy(JOBS.STATE)
                    .forEach(count -> totals.put(JobState.fromWireName(count.value1()), count.value2()));
            Map<BatchCallback, JobId> enqueued = new EnumMap<>(BatchCallback.class);
            callbacks.stream()
                    .filter(callback -> callback.getJobId() != null)
                    .forEach(callback -> enqueued.put(
                            BatchCallback.fromWireName(callback.getCallback()), new JobId(callback.getJobId())));
            Batch batch = BatchRows.toBatch(row, callbacks);
            return Optional.of(new BatchStatus(batch, BatchRows.tally(row), totals, enqueued));
        });
    }
}
