package dev.jobprocessor.application;

import dev.jobprocessor.application.port.CadenceParser;
import dev.jobprocessor.domain.schedule.Cadence;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Parsed cron expressions, kept: every firing round needs the cadence of each due schedule, and there are few
 * distinct expressions. Bounded, in case schedules come and go by the thousand.
 */
public final class Cadences {

    static final int MAX_KEPT = 10_000;

    private final CadenceParser parser;
    private final ConcurrentMap<String, Cadence> parsed = new ConcurrentHashMap<>();

    public Cadences(CadenceParser parser) {
        this.parser = parser;
    }

    /** The cadence of {@code expression}; an {@link IllegalArgumentException} saying why when it has none. */
    public Cadence of(String expression) {
        Cadence known = parsed.get(expression);
        if (known != null) {
            return known;
        }
        Cadence cadence = parser.parse(expression);
        if (parsed.size() >= MAX_KEPT) {
            parsed.clear();
        }
        parsed.put(expression, cadence);
        return cadence;
    }
}
