package dev.jobprocessor.application;

import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueWebhook;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The queues' webhook settings as this process last read them (docs/WEBHOOKS.md, "Queue defaults"): a submit takes
 * its queue's default callback URL from here, and a delivery its queue's secret, without a query of their own. Read
 * again every second ({@link #refresh}), and at once for a change made in this process ({@link #changed}); a change
 * made elsewhere reaches this process within that second.
 */
public final class QueueWebhooks {

    /** How often bootstrap reads the settings again. */
    public static final java.time.Duration REFRESH = java.time.Duration.ofSeconds(1);

    private final QueueRepository queues;
    private volatile Map<String, QueueWebhook> byQueue = Map.of();

    public QueueWebhooks(QueueRepository queues) {
        this.queues = Objects.requireNonNull(queues, "queues");
    }

    /** Reads every queue's settings again. */
    public void refresh() {
        Map<String, QueueWebhook> read = new HashMap<>();
        for (Queue queue : queues.queues()) {
            if (!queue.webhook().equals(QueueWebhook.NONE)) {
                read.put(queue.name(), queue.webhook());
            }
        }
        byQueue = Map.copyOf(read);
    }

    /** Takes {@code queue}'s settings as they are now, after a change made in this process. */
    synchronized void changed(Queue queue) {
        Map<String, QueueWebhook> next = new HashMap<>(byQueue);
        if (queue.webhook().equals(QueueWebhook.NONE)) {
            next.remove(queue.name());
        } else {
            next.put(queue.name(), queue.webhook());
        }
        byQueue = Map.copyOf(next);
    }

    /** {@code queue}'s settings, {@link QueueWebhook#NONE} for a queue without any. */
    public QueueWebhook of(String queue) {
        return byQueue.getOrDefault(queue, QueueWebhook.NONE);
    }
}
