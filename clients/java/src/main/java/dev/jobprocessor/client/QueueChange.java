package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A change of a queue's settings ({@code PATCH /queues/{name}}, docs/SPEC.md §7.4): only what is named changes.
 * Start with {@link #none()} and add settings; {@code null}-valued settings ({@link #noConcurrencyLimit()} and the
 * like) remove a limit.
 */
public final class QueueChange {

    private final ObjectNode body;

    private QueueChange(ObjectNode body) {
        this.body = body;
    }

    /** Changes nothing yet (the service refuses an empty change: add at least one setting). */
    public static QueueChange none() {
        return new QueueChange(JsonNodeFactory.instance.objectNode());
    }

    public QueueChange paused(boolean paused) {
        return with(copy -> copy.put("paused", paused));
    }

    /** At most {@code limit} (1..10 000) of the queue's jobs run at once, across every process. */
    public QueueChange concurrencyLimit(int limit) {
        return with(copy -> copy.put("concurrency_limit", limit));
    }

    public QueueChange noConcurrencyLimit() {
        return with(copy -> copy.putNull("concurrency_limit"));
    }

    /** At most {@code jobs} starts in any window of {@code per} (whole seconds). */
    public QueueChange rateLimit(int jobs, Duration per) {
        return with(copy -> copy.putObject("rate_limit").put("jobs", jobs).put("per_seconds", per.toSeconds()));
    }

    public QueueChange noRateLimit() {
        return with(copy -> copy.putNull("rate_limit"));
    }

    /** At most {@code limit} jobs with the same {@code concurrency_key} run at once. */
    public QueueChange keyLimit(int limit) {
        return with(copy -> copy.put("key_limit", limit));
    }

    public QueueChange noKeyLimit() {
        return with(copy -> copy.putNull("key_limit"));
    }

    /**
     * Keeps the queue's finished jobs of {@code state} ({@code completed}, {@code cancelled}, {@code failed},
     * {@code dead}) for {@code duration} ({@code 45s}, {@code 30m}, {@code 12h}, {@code 14d}, {@code 0} for ever), or
     * the service's setting again with {@code null}.
     */
    public QueueChange retention(String state, String duration) {
        return with(copy -> {
            ObjectNode retention =
                    copy.has("retention") ? (ObjectNode) copy.get("retention") : copy.putObject("retention");
            if (duration == null) {
                retention.putNull(state);
            } else {
                retention.put(state, duration);
            }
        });
    }

    ObjectNode toJson() {
        return body.deepCopy();
    }

    private QueueChange with(Consumer<ObjectNode> change) {
        ObjectNode copy = body.deepCopy();
        change.accept(copy);
        return new QueueChange(copy);
    }
}
