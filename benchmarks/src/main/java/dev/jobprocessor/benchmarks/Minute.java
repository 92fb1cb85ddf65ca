package dev.jobprocessor.benchmarks;

import java.util.Locale;

/**
 * One minute of the soak: what was submitted and completed in it, the backlog at its end, and the latencies in it.
 * The fields issue 16 names come first, in its order; {@code submit_p99_ms} (one tick's {@code submitAll}, its commit
 * included) and {@code complete_p99_ms} (one batch of completions) follow, to tell where a pickup's time goes.
 */
record Minute(
        int minute,
        Phase phase,
        long submitted,
        long completed,
        long backlog,
        double claimP50Millis,
        double claimP99Millis,
        double pickupP99Millis,
        long deadTuples,
        double tableMegabytes,
        double submitP99Millis,
        double completeP99Millis) {

    String line() {
        return String.format(
                Locale.ROOT,
                "MINUTE %d phase=%s submitted=%d completed=%d backlog=%d claim_p50_ms=%.2f claim_p99_ms=%.2f"
                        + " pickup_p99_ms=%.2f dead_tuples=%d table_mb=%.1f submit_p99_ms=%.2f complete_p99_ms=%.2f",
                minute,
                phase.wireName(),
                submitted,
                completed,
                backlog,
                claimP50Millis,
                claimP99Millis,
                pickupP99Millis,
                deadTuples,
                tableMegabytes,
                submitP99Millis,
                completeP99Millis);
    }
}
