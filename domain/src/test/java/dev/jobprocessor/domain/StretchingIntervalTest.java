package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StretchingIntervalTest {

    private final StretchingInterval everySecond = new StretchingInterval(Duration.ofSeconds(1));

    @Test
    void aQuickRoundKeepsTheInterval() {
        assertThat(everySecond.after(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(everySecond.after(Duration.ofMillis(20))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSlowRoundIsFollowedByFiftyTimesItsLength() {
        assertThat(everySecond.after(Duration.ofMillis(75))).isEqualTo(Duration.ofMillis(3_750));
    }

    @Test
    void theWaitStopsAtTenIntervals() {
        assertThat(everySecond.after(Duration.ofMillis(400))).isEqualTo(Duration.ofSeconds(10));
        assertThat(everySecond.after(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(everySecond.longest()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new StretchingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
