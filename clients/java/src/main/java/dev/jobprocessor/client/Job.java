package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the service answered it. The fields most callers need are named; {@link #json()} holds the whole
 * answer (docs/SPEC.md §3), for the rest.
 */
public record Job(
        String id,
        String type,
        String queue,
        String state,
        int attempts,
        int maxAttempts,
        JsonNode payload,
        Optional<JsonNode> result,
        Optional<String> lastError,
        Optional<String> idempotencyKey,
        Instant createdAt,
        Optional<Instant> finishedAt,
        JsonNode json) {

    /** True once the job is {@code completed}, {@code failed}, {@code dead} or {@code cancelled}. */
    public boolean isFinished() {
        return switch (state) {
            case "completed", "failed", "dead", "cancelled" -> true;
            default -> false;
        };
    }

    static Job from(JsonNode json) {
        return new Job(
                json.path("id").asText(),
                json.path("type").asText(),
                json.path("queue").asText(),
                json.path("state").asText(),
                json.path("attempts").asInt(),
                json.path("max_attempts").asInt(),
                json.path("payload"),
                present(json, "result"),
                present(json, "last_error").map(JsonNode::asText),
                present(json, "idempotency_key").map(JsonNode::asText),
                Instant.parse(json.path("created_at").asText()),
                present(json, "finished_at").map(node -> Instant.parse(node.asText())),
                json);
    }

    private static Optional<JsonNode> present(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }
}
