package dev.jobprocessor.adapters.clock;

import dev.jobprocessor.application.port.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The system's UTC clock, truncated to microseconds: PostgreSQL's {@code timestamptz} keeps microseconds, so a job
 * read back from the database equals the job that was written.
 */
public final class SystemClock implements Clock {

    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
