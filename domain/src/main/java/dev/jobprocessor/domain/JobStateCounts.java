package dev.jobprocessor.domain;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** Jobs counted by state with every state present (0 when none), as workflows and batches show their totals. */
public final class JobStateCounts {

    private JobStateCounts() {}

    /** Every state at 0, to be counted into (a new map each call). */
    public static Map<JobState, Integer> none() {
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0);
        }
        return counts;
    }

    /** {@code jobs} counted by their states. */
    public static Map<JobState, Integer> of(Collection<Job> jobs) {
        Map<JobState, Integer> counts = none();
        jobs.forEach(job -> counts.merge(job.state(), 1, Integer::sum));
        return counts;
    }
}
