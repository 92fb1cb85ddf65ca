package dev.jobprocessor.domain.archfixture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Good: takes {@code now} as an argument, measures elapsed time with {@link System#nanoTime()} (not a wall-clock
 * reading) and uses nothing but the JDK.
 */
public final class DomainUsingOnlyTheJdk {

    private DomainUsingOnlyTheJdk() {}

    public static List<Instant> schedule(Instant now, Duration step, int count) {
        long started = System.nanoTime();
        List<Instant> times = IntStream.range(0, count)
                .mapToObj(i -> now.plus(step.multipliedBy(i)))
                .toList();
        return System.nanoTime() >= started ? times : List.of();
    }
}
