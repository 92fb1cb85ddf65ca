package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

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
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob withPayload(JsonNode payload) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob withPriority(int priority) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob withMaxAttempts(int maxAttempts) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob withTimeoutSeconds(int timeoutSeconds) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob runAt(Instant runAt) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    /** With a key, a submit that got no answer is sent again safely: the service answers it with the same job. */
    public NewJob withIdempotencyKey(String idempotencyKey) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    public NewJob withConcurrencyKey(String concurrencyKey) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
    }

    /** Keeps duplicates out while this job is in one of the unique states (docs/UNIQUE_JOBS.md). */
    public NewJob withUnique(Unique unique) {
        return new NewJob(
                type,
                queue,
                payload,
                priority,
                maxAttempts,
                timeoutSeconds,
                runAt,
                idempotencyKey,
                concurrencyKey,
                unique);
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
