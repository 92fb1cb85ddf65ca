package dev.jobprocessor.adapters.http;

import static dev.jobprocessor.adapters.http.JobView.time;

import dev.jobprocessor.application.QueueStatus;
import dev.jobprocessor.domain.Queue;
import java.util.List;

/** A queue as {@code GET /queues} shows it (docs/SPEC.md §7.3): its settings, then its live counts. */
record QueueView(
        String name,
        boolean paused,
        String pausedAt,
        String pausedBy,
        Integer concurrencyLimit,
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
                status.pending(),
                status.due(),
                status.running(),
                status.oldestDueAge() == null ? null : status.oldestDueAge().toMillis() / 1000.0,
                time(queue.createdAt()),
                time(queue.updatedAt()));
    }

    /** {@code GET /queues}: every queue, by name. */
    record QueuesView(List<QueueView> queues) {
        static QueuesView from(List<QueueStatus> statuses) {
            return new QueuesView(statuses.stream().map(QueueView::from).toList());
        }
    }
}
