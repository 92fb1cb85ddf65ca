package dev.jobprocessor.adapters.http;

import static dev.jobprocessor.adapters.http.JobView.time;

import dev.jobprocessor.application.QueueStatus;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.Retention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A queue as {@code GET /queues} shows it (docs/SPEC.md §7.3): its settings, then its live counts. */
record QueueView(
        String name,
        boolean paused,
        String pausedAt,
        String pausedBy,
        Integer concurrencyLimit,
        RateLimitView rateLimit,
        Integer keyLimit,
        Map<String, String> retention,
        String callbackUrl,
        boolean webhookSecretSet,
        long pending,
        long due,
        long running,
        Double oldestDueAgeSeconds,
        String createdAt,
        String updatedAt) {

    static QueueView from(QueueStatus status) {
        Queue queue = status.queue();
        return new QueueView(
                queue.name(),
                queue.paused(),
                queue.paused() ? time(queue.pause().at()) : null,
                queue.paused() ? queue.pause().by() : null,
                queue.concurrencyLimit(),
                queue.rateLimit() == null
                        ? null
                        : new RateLimitView(
                                queue.rateLimit().jobs(), queue.rateLimit().perSeconds()),
                queue.keyLimit(),
                retention(queue),
                queue.webhook().callbackUrl() == null
                        ? null
                        : queue.webhook().callbackUrl().text(),
                queue.webhook().secret() != null,
                status.pending(),
                status.due(),
                status.running(),
                status.oldestDueAge() == null ? null : status.oldestDueAge().toMillis() / 1000.0,
                time(queue.createdAt()),
                time(queue.updatedAt()));
    }

    /** {@code "rate_limit": {"jobs": 20, "per_seconds": 1}}. */
    record RateLimitView(int jobs, int perSeconds) {}

    /** Each final state: the queue's own retention, or {@code null} where the service's setting applies. */
    private static Map<String, String> retention(Queue queue) {
        Map<String, String> retention = new LinkedHashMap<>();
        for (JobState state : Retention.FINAL_STATES) {
            retention.put(
                    state.wireName(),
                    queue.retention().of(state).map(DurationText::format).orElse(null));
        }
        return retention;
    }

    /** {@code GET /queues}: every queue, by name. */
    record QueuesView(List<QueueView> queues) {
        static QueuesView from(List<QueueStatus> statuses) {
            return new QueuesView(statuses.stream().map(QueueView::from).toList());
        }
    }
}
