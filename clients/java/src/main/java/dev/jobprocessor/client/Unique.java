package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * How a job is unique (docs/UNIQUE_JOBS.md): a submit whose key — the {@code by} fields ({@code type} always, and any
 * of {@code queue}, {@code payload}, {@code concurrency_key}), within a period — matches a job in one of {@code states}
 * is answered with that job and stores nothing. Every part is optional: {@link #byDefault()} takes the service's
 * defaults (all four fields, no period, while pending or running).
 */
public record Unique(List<String> by, Duration period, List<String> states) {

    public Unique {
        by = by == null ? null : List.copyOf(by);
        states = states == null ? null : List.copyOf(states);
    }

    /** Unique with the service's defaults for every part. */
    public static Unique byDefault() {
        return new Unique(null, null, null);
    }

    /** Unique by the type and these fields: {@code queue}, {@code payload}, {@code concurrency_key}. */
    public static Unique by(String... parts) {
        return new Unique(List.of(parts), null, null);
    }

    /** Within periods of this length (whole seconds): the same job in the next period is new. */
    public Unique forPeriod(Duration length) {
        return new Unique(by, length, states);
    }

    /** While the earlier job is in one of these states; they must include {@code pending}. */
    public Unique inStates(String... unique) {
        return new Unique(by, period, List.of(unique));
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (by != null) {
            by.forEach(json.putArray("by")::add);
        }
        if (period != null) {
            json.put("period_seconds", period.toSeconds());
        }
        if (states != null) {
            states.forEach(json.putArray("states")::add);
        }
        return json;
    }
}
