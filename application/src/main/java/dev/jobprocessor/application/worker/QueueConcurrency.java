package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.domain.JobLimits;
import java.util.HashSet;
import java.util.List;

/**
 * Queues that share {@code concurrency} handler slots and one claim: usually one queue with slots of its own
 * ({@code JOBS_QUEUES=default:8,reports:2}); several for the older form {@code JOBS_QUEUES=default,reports}, whose
 * queues share {@code JOBS_WORKER_CONCURRENCY} slots as they always did.
 */
public record QueueConcurrency(List<String> queues, int concurrency) {

    public QueueConcurrency {
        queues = List.copyOf(queues);
        if (queues.isEmpty() || queues.size() > LeaseJobs.MAX_QUEUES) {
            throw new IllegalArgumentException("slots serve between 1 and " + LeaseJobs.MAX_QUEUES + " queues");
        }
        for (String queue : queues) {
            if (!JobLimits.QUEUE_PATTERN.matcher(queue).matches()) {
                throw new IllegalArgumentException("not a valid queue name: " + queue);
            }
        }
        if (new HashSet<>(queues).size() != queues.size()) {
            throw new IllegalArgumentException("a queue is named twice: " + queues);
        }
        if (concurrency < 1 || concurrency > WorkerSettings.MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "concurrency must be between 1 and " + WorkerSettings.MAX_CONCURRENCY + ", got " + concurrency);
        }
    }

    /** One queue with slots of its own. */
    public static QueueConcurrency of(String queue, int concurrency) {
        return new QueueConcurrency(List.of(queue), concurrency);
    }

    /** As {@code JOBS_QUEUES} spells it: {@code default:8}, or {@code mail+reports:8} for queues sharing slots. */
    @Override
    public String toString() {
        return String.join("+", queues) + ":" + concurrency;
    }
}
