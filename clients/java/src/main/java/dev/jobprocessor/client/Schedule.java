package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A schedule as the service answered it (docs/SCHEDULES.md): its definition, whether it is paused, when it fires
 * next, and — from {@code GET /schedules/{name}} — its next five fire times. {@link #json()} holds the rest.
 */
public record Schedule(
        String name,
        String cron,
        String timezone,
        boolean paused,
        Optional<Instant> nextFireAt,
        List<Instant> upcoming,
        JsonNode json) {

    static Schedule from(JsonNode json) {
        JsonNode next = json.get("next_fire_at");
        List<Instant> upcoming = new ArrayList<>();
        json.path("upcoming").forEach(time -> upcoming.add(Instant.parse(time.asText())));
        return new Schedule(
                json.path("name").asText(),
                json.path("cron").asText(),
                json.path("timezone").asText(),
                json.path("paused").asBoolean(),
                next == null || next.isNull() ? Optional.empty() : Optional.of(Instant.parse(next.asText())),
                List.copyOf(upcoming),
                json);
    }
}
