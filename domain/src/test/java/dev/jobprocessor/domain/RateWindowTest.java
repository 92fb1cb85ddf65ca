package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final RateLimit TWENTY_PER_SECOND = new RateLimit(20, 1);

    @Test
    void anEmptyWindowAllowsTheWholeLimit() {
        assertThat(RateWindow.EMPTY.available(TWENTY_PER_SECOND, T0)).isEqualTo(20);
    }

    @Test
    void startsCountUntilAWholePeriodHasPassedThenLeaveTheWindow() {
        RateWindow window = RateWindow.EMPTY.started(15, TWENTY_PER_SECOND, T0);

        assertThat(window.available(TWENTY_PER_SECOND, T0.plusMillis(999))).isEqualTo(5);
        assertThat(window.available(TWENTY_PER_SECOND, T0.plusSeconds(1)))
                .as("a period later the start is out: windows are half-open, (now - period, now]")
                .isEqualTo(20);
        assertThat(window.started(1, TWENTY_PER_SECOND, T0.plusSeconds(1)).starts())
                .as("recording a start drops the pairs that left the period")
                .hasSize(1);
    }

    @Test
    void aStartFromAClockAheadCountsAsInsideTheWindow() {
        RateWindow window = RateWindow.EMPTY.started(20, TWENTY_PER_SECOND, T0.plusSeconds(5));

        assertThat(window.available(TWENTY_PER_SECOND, T0)).isZero();
    }

    @Test
    void aTimeIsKeptToTheMicrosecondRoundedUpSoItNeverLooksEarlier() {
        Instant withNanos = T0.plusNanos(1_500);
        RateWindow window = RateWindow.EMPTY.started(1, TWENTY_PER_SECOND, withNanos);

        assertThat(window.starts().getFirst().at()).isEqualTo(T0.plusNanos(2_000));
    }

    @Test
    void aLoweredLimitAllowsNothingRatherThanANegativeNumber() {
        RateWindow window = RateWindow.EMPTY.started(20, TWENTY_PER_SECOND, T0);

        assertThat(window.available(new RateLimit(5, 1), T0)).isZero();
    }

    /** The guarantee: whatever claims ask for and whenever, no half-open window of one period holds more starts. */
    @Test
    void noPeriodEverHoldsMoreThanTheLimit() {
        RateLimit limit = new RateLimit(7, 2);
        SplittableRandom random = new SplittableRandom(7);
        RateWindow window = RateWindow.EMPTY;
        List<Instant> starts = new ArrayList<>();
        Instant now = T0;
        for (int claim = 0; claim < 5_000; claim++) {
            now = now.plusMillis(random.nextInt(0, 400));
            int granted = Math.min(random.nextInt(1, 10), window.available(limit, now));
            window = window.started(granted, limit, now);
            for (int i = 0; i < granted; i++) {
                starts.add(now);
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            Instant windowEnd = starts.get(i).plusSeconds(limit.perSeconds());
            int inWindow = 0;
            for (int j = i; j < starts.size() && starts.get(j).isBefore(windowEnd); j++) {
                inWindow++;
            }
            assertThat(inWindow).as("starts in the period from start %d", i).isLessThanOrEqualTo(limit.jobs());
        }
        long periods = java.time.Duration.between(T0, now).toSeconds() / limit.perSeconds() + 1;
        assertThat(starts)
                .as("the limit is used, not merely respected: at least 90 %% of %d periods' starts", periods)
                .hasSizeGreaterThan((int) (periods * limit.jobs() * 9 / 10));
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(10_001, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 86_401)).isInstanceOf(IllegalArgumentException.class);
    }
}
