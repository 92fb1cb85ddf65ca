package dev.jobprocessor.adapters.postgres;

import java.util.List;

/** How a claim reads the claim index: from the start of each queue, or from where its cursors say live jobs begin. */
sealed interface ClaimPlan {

    /** From the start: the one plain statement, which finds every due job whatever its run_at. */
    record FullScan() implements ClaimPlan {}

    /** Only these stretches of the index; together they cover every priority of every queue claimed from. */
    record Ranges(List<ClaimRange> ranges) implements ClaimPlan {
        public Ranges {
            ranges = List.copyOf(ranges);
        }
    }
}
