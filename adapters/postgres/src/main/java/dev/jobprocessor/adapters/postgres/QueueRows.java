package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.instant;
import static dev.jobprocessor.adapters.postgres.JobRows.utc;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.QueuesRecord;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueuePause;
import dev.jobprocessor.domain.QueueRetention;
import dev.jobprocessor.domain.QueueWebhook;
import dev.jobprocessor.domain.RateLimit;
import dev.jobprocessor.domain.RateWindow;
import dev.jobprocessor.domain.WebhookSecret;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
                row.getRateLimitJobs() == null
                        ? null
                        : new RateLimit(row.getRateLimitJobs(), row.getRateLimitPerSeconds()),
                row.getKeyLimit(),
                retention(row),
                new QueueWebhook(
                        row.getCallbackUrl() == null ? null : CallbackUrl.parse(row.getCallbackUrl()),
                        row.getWebhookSecret() == null ? null : WebhookSecret.parse(row.getWebhookSecret())),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }

    /** The starts the queue's rate limit has counted, from the two arrays the claim keeps in step. */
    static RateWindow rateWindow(QueuesRecord row) {
        OffsetDateTime[] at = row.getRateWindowAt();
        Integer[] jobs = row.getRateWindowJobs();
        List<RateWindow.Start> starts = new ArrayList<>(at.length);
        for (int i = 0; i < at.length; i++) {
            starts.add(new RateWindow.Start(at[i].toInstant(), jobs[i]));
        }
        return new RateWindow(starts);
    }

    static OffsetDateTime[] startTimes(RateWindow window) {
        return window.starts().stream().map(start -> utc(start.at())).toArray(OffsetDateTime[]::new);
    }

    static Integer[] startCounts(RateWindow window) {
        return window.starts().stream().map(RateWindow.Start::jobs).toArray(Integer[]::new);
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
