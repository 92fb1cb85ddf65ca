package dev.jobprocessor.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A queue's own retention for some final states (docs/QUEUE_CONTROL.md, "Retention per queue"): where it names a
 * state, it replaces the service's setting ({@code JOBS_RETENTION_*}) for that queue's jobs; {@link Duration#ZERO}
 * keeps them for ever. A state it does not name follows the service's setting.
 */
public record QueueRetention(Map<JobState, Duration> overrides) {

    public static final QueueRetention NONE = new QueueRetention(Map.of());

    public QueueRetention {
        Objects.requireNonNull(overrides, "overrides");
        EnumMap<JobState, Duration> copy = new EnumMap<>(JobState.class);
        overrides.forEach((state, retention) -> {
            check(state, retention);
            copy.put(state, retention);
        });
        overrides = copy.isEmpty() ? Map.of() : Map.copyOf(copy);
    }

    /** Throws unless {@code state} is final and {@code retention} between 0 and {@link DurationText#MAX}. */
    static void check(JobState state, Duration retention) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException(state.wireName() + " jobs have no retention");
        }
        if (retention != null && (retention.isNegative() || retention.compareTo(DurationText.MAX) > 0)) {
            throw new IllegalArgumentException("the retention of " + state.wireName() + " jobs must be between 0 and "
                    + DurationText.format(DurationText.MAX) + ", got " + retention);
        }
    }

    /** The queue's own retention of {@code state}, if it has one. */
    public Optional<Duration> of(JobState state) {
        return Optional.ofNullable(overrides.get(state));
    }

    /** This retention with each state's setting kept, cleared (back to the service's) or set. */
    public QueueRetention apply(Map<JobState, Setting<Duration>> changes) {
        EnumMap<JobState, Duration> next = new EnumMap<>(JobState.class);
        next.putAll(overrides);
        changes.forEach((state, setting) -> {
            Duration value = setting.applyTo(next.get(state));
            if (value == null) {
                next.remove(state);
            } else {
                next.put(state, value);
            }
        });
        return new QueueRetention(next);
    }
}
