package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchCallbacksRecord;
import dev.jobprocessor.adapters.postgres.jooq.tables.records.BatchesRecord;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import dev.jobprocessor.domain.batch.BatchTally;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Maps a batch to its rows ({@code batches}, {@code batch_callbacks}) and back. */
final class BatchRows {

    private BatchRows() {}

    static Batch toBatch(BatchesRecord row, List<BatchCallbacksRecord> callbacks) {
        Map<BatchCallback, NewJob> templates = new EnumMap<>(BatchCallback.class);
        for (BatchCallbacksRecord callback : callbacks) {
            templates.put(
                    BatchCallback.fromWireName(callback.getCallback()),
                    new NewJob(
                            callback.getType(),
                            callback.getQueue(),
                            new Json(callback.getPayload().data()),
                            callback.getPriority(),
                            null,
                            callback.getMaxAttempts(),
                            callback.getTimeoutSeconds(),
                            null,
                            callback.getConcurrencyKey()));
        }
        return new Batch(
                new BatchId(row.getId()),
                row.getName(),
                row.getTotal(),
                row.getCreatedAt().toInstant(),
                row.getCreatedBy(),
                templates);
    }

    static BatchTally tally(BatchesRecord row) {
        return new BatchTally(row.getTotal(), row.getCompleted(), row.getFailed(), row.getCancelled());
    }

    static BatchesRecord toRecord(Batch batch) {
        BatchesRecord row = new BatchesRecord();
        row.setId(batch.id().value());
        row.setName(batch.name());
        row.setCreatedAt(JobRows.utc(batch.createdAt()));
        row.setCreatedBy(batch.createdBy());
        row.setTotal((short) batch.total());
        row.setCompleted((short) 0);
        row.setFailed((short) 0);
        row.setCancelled((short) 0);
        return row;
    }

    static BatchCallbacksRecord toRecord(Batch batch, BatchCallback callback, NewJob template) {
        BatchCallbacksRecord row = new BatchCallbacksRecord();
        row.setBatchId(batch.id().value());
        row.setCallback(callback.wireName());
        row.setType(template.type());
        row.setQueue(template.queue());
        row.setPayload(org.jooq.JSON.json(template.payload().text()));
        row.setPriority((short) template.priority());
        row.setMaxAttempts((short) template.maxAttempts());
        row.setTimeoutSeconds(template.timeoutSeconds());
        row.setConcurrencyKey(template.concurrencyKey());
        return row;
    }
}
