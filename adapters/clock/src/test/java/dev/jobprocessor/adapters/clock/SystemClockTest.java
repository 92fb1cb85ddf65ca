package dev.jobprocessor.adapters.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SystemClockTest {

    private final SystemClock clock = new SystemClock();

    @Test
    void readsTheCurrentTime() {
        Instant before = Instant.now().minusMillis(1);
        Instant now = clock.now();
        assertThat(now).isBetween(before, Instant.now().plus(Duration.ofMillis(1)));
    }

    @Test
    void keepsNoMoreThanMicrosecondsLikePostgres() {
        assertThat(clock.now().getNano() % 1_000).isZero();
    }
}
