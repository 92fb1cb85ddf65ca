package dev.jobprocessor.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Claim up to {@code limit} due jobs from {@code queues}, in the order (priority, run_at, id). An empty {@code types}
 * set means any type. Each claimed job gets a fresh lease token and a lease until {@code now + lease}.
 */
public record ClaimRequest(
        String owner, List<String> queues, Set<String> types, int limit, Duration lease, Instant now) {

    public ClaimRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(now, "now");
        queues = List.copyOf(queues);
        types = Set.copyOf(types);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a claim names at least one queue");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }
}
