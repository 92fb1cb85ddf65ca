package dev.jobprocessor.application.testing;

import dev.jobprocessor.application.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A clock that only moves when a test moves it; thread-safe so workers can read it while a test advances it. */
public final class SettableClock implements Clock {

    /** An arbitrary fixed start, with microseconds, as PostgreSQL stores them. */
    public static final Instant START = Instant.parse("2026-03-01T09:30:00.123456Z");

    private volatile Instant now;

    public SettableClock() {
        this(START);
    }

    public SettableClock(Instant start) {
        this.now = start.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Instant now() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration).truncatedTo(ChronoUnit.MICROS);
    }

    public synchronized void set(Instant instant) {
        now = instant.truncatedTo(ChronoUnit.MICROS);
    }
}
