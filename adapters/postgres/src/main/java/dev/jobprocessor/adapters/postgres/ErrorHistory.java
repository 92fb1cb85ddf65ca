package dev.jobprocessor.adapters.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jobprocessor.domain.AttemptError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code errors} column: a JSON array of {@code {attempt, at, message}}, oldest first. */
final class ErrorHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorHistory() {}

    static String toJson(List<AttemptError> errors) {
        ArrayNode array = JSON.createArrayNode();
        for (AttemptError error : errors) {
            array.addObject()
                    .put("attempt", error.attempt())
                    .put("at", error.at().toString())
                    .put("message", error.message());
        }
        return array.toString();
    }

    static List<AttemptError> fromJson(String json) {
        try {
            JsonNode array = JSON.readTree(json);
            List<AttemptError> errors = new ArrayList<>(array.size());
            for (JsonNode entry : array) {
                errors.add(new AttemptError(
                        entry.get("attempt").asInt(),
                        Instant.parse(entry.get("at").asText()),
                        entry.get("message").asText()));
            }
            return errors;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the errors column does not hold a JSON array: " + json, e);
        }
    }
}
