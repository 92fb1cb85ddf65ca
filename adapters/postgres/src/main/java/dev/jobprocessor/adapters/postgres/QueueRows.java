package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.QueuesRecord;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueuePause;

/** Between a {@code queues} row and a {@link Queue}. */
final class QueueRows {

    private QueueRows() {}

    static Queue toQueue(QueuesRecord row) {
        QueuePause pause =
                row.getPausedAt() == null ? null : new QueuePause(instant(row.getPausedAt()), row.getPausedBy());
        return new Queue(
                row.getName(),
                pause,
                row.getConcurrencyLimit(),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }
}
