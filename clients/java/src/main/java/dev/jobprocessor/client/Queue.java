package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A queue with its settings and live counts (docs/SPEC.md §7.4). The fields most callers need are named;
 * {@link #json()} holds the rest (rate and key limits, retention, times).
 */
public record Queue(
        String name,
        boolean paused,
        Optional<Integer> concurrencyLimit,
        long pending,
        long due,
        long running,
        JsonNode json) {

    static Queue from(JsonNode json) {
        JsonNode limit = json.get("concurrency_limit");
        return new Queue(
                json.path("name").asText(),
                json.path("paused").asBoolean(),
                limit == null || limit.isNull() ? Optional.empty() : Optional.of(limit.asInt()),
                json.path("pending").asLong(),
                json.path("due").asLong(),
                json.path("running").asLong(),
                json);
    }
}
