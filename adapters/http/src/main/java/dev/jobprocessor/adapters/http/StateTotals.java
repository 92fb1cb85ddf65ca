package dev.jobprocessor.adapters.http;

import dev.jobprocessor.domain.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts by state as the API shows them: keyed by wire name, in the state model's order. */
final class StateTotals {

    private StateTotals() {}

    static Map<String, Integer> byWireName(Map<JobState, Integer> counts) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            totals.put(state.wireName(), counts.get(state));
        }
        return totals;
    }
}
