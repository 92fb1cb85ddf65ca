package dev.jobprocessor.bootstrap.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.domain.Job;

/** Reads a job's payload for the built-in handlers. */
final class Payloads {

    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    static JsonNode of(Job job) {
        try {
            return JSON.readTree(job.payload().text());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has a payload that is not JSON", e);
        }
    }
}
