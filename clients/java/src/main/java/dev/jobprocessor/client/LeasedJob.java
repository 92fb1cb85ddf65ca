package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

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

    static LeasedJob from(JsonNode json) {
        return new LeasedJob(
                Job.from(json),
                json.path("lease_token").asText(),
                Instant.parse(json.path("lease_expires_at").asText()),
                Duration.ofSeconds(json.path("timeout_seconds").asLong()));
    }
}
