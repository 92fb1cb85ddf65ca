package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A job to submit ({@code POST /jobs}): its type, and what else the request names; absent fields take the service's
 * defaults. Immutable: each {@code with…} returns a copy.
 */
public record NewJob(
        String type,
        String queue,
        JsonNode payload,
        Integer priority,
        Integer maxAttempts,
        Integer timeoutSeconds,
        Instant runAt,
        String idempotencyKey,
        String concurrencyKey,
        Unique unique) {

    public NewJob {
        Objects.requireNonNull(type, "type");
    }

    public static NewJob ofType(String type) {
        return new NewJob(type, null, null, null, null, null, null, null, null, null);
    }

    public NewJob inQueue(String queue) {
        return with(draft -> draft.queue = queue);
    }

    public NewJob withPayload(JsonNode payload) {
        return with(draft -> draft.payload = payload);
    }

    public NewJob withPriority(int priority) {
        return with(draft -> draft.priority = priority);
    }

    public NewJob withMaxAttempts(int maxAttempts) {
        return with(draft -> draft.maxAttempts = maxAttempts);
    }

    public NewJob withTimeoutSeconds(int timeoutSeconds) {
        return with(draft -> draft.timeoutSeconds = timeoutSeconds);
    }

    /** Not before {@code runAt}. */
    public NewJob runAt(Instant runAt) {
        return with(draft -> draft.runAt = runAt);
    }

    /** With a key, a submit that got no answer is sent again safely: the service answers it with the same job. */
    public NewJob withIdempotencyKey(String idempotencyKey) {
        return with(draft -> draft.idempotencyKey = idempotencyKey);
    }

    /** Groups jobs for a queue's {@code key_limit} (docs/QUEUE_CONTROL.md). */
    public NewJob withConcurrencyKey(String concurrencyKey) {
        return with(draft -> draft.concurrencyKey = concurrencyKey);
    }

    /** Keeps duplicates out while this job is in one of the unique states (docs/UNIQUE_JOBS.md). */
    public NewJob withUnique(Unique unique) {
        return with(draft -> draft.unique = unique);
    }

    /** A copy with {@code change} made: each wither names only the field it sets. */
    private NewJob with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return new NewJob(
                draft.type,
                draft.queue,
                draft.payload,
                draft.priority,
                draft.maxAttempts,
                draft.timeoutSeconds,
                draft.runAt,
                draft.idempotencyKey,
                draft.concurrencyKey,
                draft.unique);
    }

    /** The fields of a job being copied, to change one. */
    private static final class Draft {
        final String type;
        String queue;
        JsonNode payload;
        Integer priority;
        Integer maxAttempts;
        Integer timeoutSeconds;
        Instant runAt;
        String idempotencyKey;
        String concurrencyKey;
        Unique unique;

        Draft(NewJob from) {
            type = from.type;
            queue = from.queue;
            payload = from.payload;
            priority = from.priority;
            maxAttempts = from.maxAttempts;
            timeoutSeconds = from.timeoutSeconds;
            runAt = from.runAt;
            idempotencyKey = from.idempotencyKey;
            concurrencyKey = from.concurrencyKey;
            unique = from.unique;
        }
    }

    /** The request body, with only the fields that are set. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", type);
        if (queue != null) {
            json.put("queue", queue);
        }
        if (payload != null) {
            json.set("payload", payload);
        }
        if (priority != null) {
            json.put("priority", priority);
        }
        if (maxAttempts != null) {
            json.put("max_attempts", maxAttempts);
        }
        if (timeoutSeconds != null) {
            json.put("timeout_seconds", timeoutSeconds);
        }
        if (runAt != null) {
            json.put("run_at", runAt.toString());
        }
        if (idempotencyKey != null) {
            json.put("idempotency_key", idempotencyKey);
        }
        if (concurrencyKey != null) {
            json.put("concurrency_key", concurrencyKey);
        }
        if (unique != null) {
            json.set("unique", unique.toJson());
        }
        return json;
    }
}
