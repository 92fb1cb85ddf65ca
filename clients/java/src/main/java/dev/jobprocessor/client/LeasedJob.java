package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job this worker holds under a lease (docs/SPEC.md §7.3): the job as leased, the token that proves the lease, when
 * the lease ends unless extended, and the attempt's time limit.
 */
public record LeasedJob(Job job, String leaseToken, Instant leaseExpiresAt, Duration timeout) {

    public LeasedJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        Objects.requireNonNull(timeout, "timeout");
    }

    public String id() {
        return job.id();
    }

    /**
     * The W3C {@code traceparent} of the trace the job was submitted in, to continue it with your own tracer (a
     * propagator's {@code extract} over a map holding it); empty when the job was submitted outside any trace.
     */
    public Optional<String> traceparent() {
        JsonNode value = job.json().get("traceparent");
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    static LeasedJob from(JsonNode json) {
        return new LeasedJob(
                Job.from(json),
                json.path("lease_token").asText(),
                Instant.parse(json.path("lease_expires_at").asText()),
                Duration.ofSeconds(json.path("timeout_seconds").asLong()));
    }
}
