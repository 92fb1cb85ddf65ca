package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.QueuesRecord;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueuePause;
import dev.jobprocessor.domain.QueueRetention;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

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
                retention(row),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }

    private static QueueRetention retention(QueuesRecord row) {
        Map<JobState, Duration> overrides = new EnumMap<>(JobState.class);
        put(overrides, JobState.COMPLETED, row.getRetentionCompletedSeconds());
        put(overrides, JobState.CANCELLED, row.getRetentionCancelledSeconds());
        put(overrides, JobState.FAILED, row.getRetentionFailedSeconds());
        put(overrides, JobState.DEAD, row.getRetentionDeadSeconds());
        return new QueueRetention(overrides);
    }

    private static void put(Map<JobState, Duration> overrides, JobState state, Long seconds) {
        if (seconds != null) {
            overrides.put(state, Duration.ofSeconds(seconds));
        }
    }

    /** The column value of a queue's own retention of {@code state}: seconds, or {@code null} for the service's. */
    static Long seconds(Queue queue, JobState state) {
        return queue.retention().of(state).map(Duration::getSeconds).orElse(null);
    }
}
