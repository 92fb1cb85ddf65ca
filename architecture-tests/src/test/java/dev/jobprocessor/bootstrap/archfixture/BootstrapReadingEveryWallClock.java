package dev.jobprocessor.bootstrap.archfixture;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.HijrahDate;
import java.time.chrono.IsoChronology;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bad, {@value #WALL_CLOCK_READS} times over: every way the JDK offers to read the wall clock, called or referenced
 * once each. Not even bootstrap may do this; only the clock adapter may.
 */
public final class BootstrapReadingEveryWallClock {

    /** How many wall-clock reads {@link #readings(Clock)} makes. */
    public static final int WALL_CLOCK_READS = 24;

    private BootstrapReadingEveryWallClock() {}

    public static List<Object> readings(Clock clock) {
        return List.of(
                Instant.now(),
                Instant.now(clock),
                LocalDateTime.now(),
                LocalDate.now(),
                LocalTime.now(),
                OffsetDateTime.now(),
                OffsetTime.now(),
                ZonedDateTime.now(),
                Year.now(),
                YearMonth.now(),
                MonthDay.now(),
                HijrahDate.now(),
                IsoChronology.INSTANCE.dateNow(),
                Clock.systemUTC(),
                Clock.systemDefaultZone(),
                Clock.system(ZoneOffset.UTC),
                Clock.tickMillis(ZoneOffset.UTC),
                InstantSource.system(),
                System.currentTimeMillis(),
                new Date(),
                Calendar.getInstance(),
                new GregorianCalendar(),
                (Supplier<Instant>) Instant::now,
                (Supplier<Date>) Date::new);
    }
}
