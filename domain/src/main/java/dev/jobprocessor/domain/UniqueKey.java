package dev.jobprocessor.domain;

import java.util.Objects;
import java.util.Set;

/**
 * A unique job's hold on its key (docs/UNIQUE_JOBS.md): {@code key} while the job is in one of {@code states}, and
 * {@code null} for ever once it has left them (it keeps no duplicate out any more, and never again).
 */
public record UniqueKey(String key, Set<JobState> states) {

    public UniqueKey {
        Objects.requireNonNull(states, "states");
        states = Set.copyOf(states);
    }

    /** The hold after a move to {@code state}: kept while the state is one of its states, released otherwise. */
    public UniqueKey after(JobState state) {
        return key != null && states.contains(state) ? this : new UniqueKey(null, states);
    }

    /** Whether the key still keeps duplicates out. */
    public boolean held() {
        return key != null;
    }
}
