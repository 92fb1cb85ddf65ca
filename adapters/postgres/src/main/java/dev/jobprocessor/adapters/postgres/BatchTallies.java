package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.jooq.Tables.BATCHES;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.BATCH_CALLBACKS;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchCallbacksRecord;
import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchesRecord;
import dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Moves the tallies of the batches whose jobs a transaction ended or reopened, and enqueues the callbacks an end
 * meets (docs/WORKFLOWS.md, "Batches with callbacks"), in that transaction.
 *
 * <p>Exactly once: the batch rows are locked ({@code FOR UPDATE}, in id order) before their tallies are read, so the
 * transactions ending jobs of one batch pass through here one at a time, each seeing the tally and the callbacks the
 * one before it committed; a callback is enqueued only while its {@code job_id} is still null, and the same
 * transaction sets it. Batch rows are the last rows a transaction locks — after the jobs it ends and the children
 * their ends reach — so they add no cycle to the lock order of {@link DependencyGraph}.
 */
final class BatchTallies {

    private BatchTallies() {}

    static void settle(DSLContext ctx, BatchMoves moves, RandomGenerator random) {
        Map<UUID, List<BatchMoves.Move>> byBatch = moves.all().stream()
                .collect(Collectors.groupingBy(BatchMoves.Move::batchId, TreeMap::new, Collectors.toList()));
        if (byBatch.isEmpty()) {
            return;
        }
        List<BatchesRecord> rows = ctx.selectFrom(BATCHES)
                .where(BATCHES.ID.eq(DSL.any(byBatch.keySet().toArray(UUID[]::new))))
                .orderBy(BATCHES.ID)
                .forUpdate()
                .fetch();
        List<JobsRecord> callbackJobs = new ArrayList<>();
        Set<String> queues = new LinkedHashSet<>();
        for (BatchesRecord row : rows) {
            BatchTally tally = BatchRows.tally(row);
            Instant lastEnd = null;
            for (BatchMoves.Move move : byBatch.get(row.getId())) {
                if (move.after().isTerminal()) {
                    tally = tally.ended(move.after());
                    lastEnd = move.at();
                } else {
                    tally = tally.reopened(move.before());
                }
            }
            ctx.update(BATCHES)
                    .set(BATCHES.COMPLETED, (short) tally.completed())
                    .set(BATCHES.FAILED, (short) tally.failed())
                    .set(BATCHES.CANCELLED, (short) tally.cancelled())
                    .where(BATCHES.ID.eq(row.getId()))
                    .execute();
            if (lastEnd != null) {
                callbackJobs.addAll(enqueueMet(ctx, row, tally, lastEnd, random));
            }
        }
        if (callbackJobs.isEmpty()) {
            return;
        }
        if (ctx.connectionResult(connection -> JobInsert.insert(connection, callbackJobs))
                        .size()
                != callbackJobs.size()) {
            // Only a second job with the same random id could be skipped; the end and its callbacks roll back.
            throw new IllegalStateException("a callback job was not inserted: its id is taken");
        }
        callbackJobs.forEach(job -> queues.add(job.getQueue()));
        PostgresJobRepository.notifyAtCommit(ctx, queues);
    }

    /** The callback jobs that {@code tally} now meets and that were never enqueued, marked enqueued. */
    private static List<JobsRecord> enqueueMet(
            DSLContext ctx, BatchesRecord row, BatchTally tally, Instant at, RandomGenerator random) {
        Set<BatchCallback> met = tally.met();
        if (met.isEmpty()) {
            return List.of();
        }
        List<BatchCallbacksRecord> callbacks = ctx.selectFrom(BATCH_CALLBACKS)
                .where(BATCH_CALLBACKS.BATCH_ID.eq(row.getId()))
                .orderBy(BATCH_CALLBACKS.CALLBACK)
                .fetch();
        Batch batch = BatchRows.toBatch(row, callbacks);
        List<JobsRecord> jobs = new ArrayList<>();
        for (BatchCallbacksRecord callback : callbacks) {
            BatchCallback which = BatchCallback.fromWireName(callback.getCallback());
            if (callback.getJobId() != null || !met.contains(which)) {
                continue;
            }
            Job job = batch.callbackJob(which, JobId.newId(at, random), at);
            ctx.update(BATCH_CALLBACKS)
                    .set(BATCH_CALLBACKS.JOB_ID, job.id().value())
                    .where(BATCH_CALLBACKS.BATCH_ID.eq(row.getId()))
                    .and(BATCH_CALLBACKS.CALLBACK.eq(callback.getCallback()))
                    .execute();
            // A callback carries no idempotency key, so it stores no fingerprint.
            jobs.add(JobRows.toRecord(job, null));
        }
        return jobs;
    }
}
