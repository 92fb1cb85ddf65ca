package dev.jobprocessor.adapters.postgres;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One contiguous stretch of the claim index ({@code jobs_claim_order}: queue, priority, run_at, id) that a claim
 * reads: one queue, the priorities from {@code firstPriority} to {@code lastPriority}, and, when a cursor says where
 * the live entries begin, only run_at from {@code runAtFrom} on.
 */
record ClaimRange(String queue, int firstPriority, int lastPriority, Optional<Instant> runAtFrom) {

    ClaimRange {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(runAtFrom, "runAtFrom");
        if (firstPriority > lastPriority) {
            throw new IllegalArgumentException("empty priority range " + firstPriority + ".." + lastPriority);
        }
        if (runAtFrom.isPresent() && firstPriority != lastPriority) {
            throw new IllegalArgumentException("a run_at bound applies to one priority, not to a range");
        }
    }
}
