package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.schedule.Cadence;

/** Reads a schedule's cron expression into the cadence of its ticks (docs/SCHEDULES.md, "Cron expressions"). */
@FunctionalInterface
public interface CadenceParser {

    /**
     * The cadence {@code expression} describes; an {@link IllegalArgumentException} whose message says what is wrong
     * (ready to follow the field name in an error) when it describes none.
     */
    Cadence parse(String expression);
}
