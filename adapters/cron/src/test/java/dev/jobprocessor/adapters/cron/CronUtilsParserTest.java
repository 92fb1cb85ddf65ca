package dev.jobprocessor.adapters.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.domain.schedule.Cadence;
import dev.jobprocessor.domain.schedule.FireTimes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronUtilsParserTest {

    private static final LocalDateTime T = LocalDateTime.parse("2026-12-02T10:07:30");
    private final CronUtilsParser parser = new CronUtilsParser();

    @Test
    void fiveFieldsAreUnixCron() {
        Cadence cadence = parser.parse("*/15 9-17 * * 1-5");

        assertThat(cadence.hasSeconds()).isFalse();
        assertThat(cadence.nextAfter(T)).contains(LocalDateTime.parse("2026-12-02T10:15:00"));
        // Friday 2026-12-04 17:45, then Monday 09:00.
        assertThat(cadence.nextAfter(LocalDateTime.parse("2026-12-04T17:45:00")))
                .contains(LocalDateTime.parse("2026-12-07T09:00:00"));
    }

    @Test
    void sixFieldsPutSecondsFirst() {
        Cadence cadence = parser.parse("*/10 * * * * *");

        assertThat(cadence.hasSeconds()).isTrue();
        assertThat(cadence.nextAfter(T)).contains(LocalDateTime.parse("2026-12-02T10:07:40"));
        assertThat(cadence.nextAfter(LocalDateTime.parse("2026-12-02T10:07:40")))
                .as("strictly after")
                .contains(LocalDateTime.parse("2026-12-02T10:07:50"));
    }

    @Test
    void sundayIsZeroOrSevenInBothForms() {
        LocalDateTime saturday = LocalDateTime.parse("2026-12-05T12:00:00");
        LocalDateTime sundayMidnight = LocalDateTime.parse("2026-12-06T00:00:00");

        assertThat(parser.parse("0 0 * * 0").nextAfter(saturday)).contains(sundayMidnight);
        assertThat(parser.parse("0 0 * * 7").nextAfter(saturday)).contains(sundayMidnight);
        assertThat(parser.parse("0 0 0 * * 0").nextAfter(saturday)).contains(sundayMidnight);
        assertThat(parser.parse("@weekly").nextAfter(saturday)).contains(sundayMidnight);
    }

    @Test
    void macrosStandForTheirExpressions() {
        assertThat(parser.parse("@hourly").nextAfter(T)).contains(LocalDateTime.parse("2026-12-02T11:00:00"));
        assertThat(parser.parse("@daily").nextAfter(T)).contains(LocalDateTime.parse("2026-12-03T00:00:00"));
        assertThat(parser.parse("@midnight").nextAfter(T)).contains(LocalDateTime.parse("2026-12-03T00:00:00"));
        assertThat(parser.parse("@monthly").nextAfter(T)).contains(LocalDateTime.parse("2027-01-01T00:00:00"));
        assertThat(parser.parse("@yearly").nextAfter(T)).contains(LocalDateTime.parse("2027-01-01T00:00:00"));
        assertThat(parser.parse("@annually").nextAfter(T)).contains(LocalDateTime.parse("2027-01-01T00:00:00"));
        assertThat(parser.parse("@hourly").expression()).isEqualTo("@hourly");
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> parser.parse("* * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 5 fields")
                .hasMessageContaining("got 3");
        assertThatThrownBy(() -> parser.parse("61 * * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid cron expression");
        assertThatThrownBy(() -> parser.parse("@reboot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@hourly");
        assertThatThrownBy(() -> parser.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got nothing");
    }

    @Test
    void aDailyJobInBerlinFiresOnceOnEachDaylightSavingDay() {
        Cadence at0230 = parser.parse("30 2 * * *");
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(FireTimes.next(at0230, berlin, Instant.parse("2026-03-28T12:00:00Z"), 2))
                .as("spring: 02:30 does not exist and fires at 03:00 CEST")
                .containsExactly(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(FireTimes.next(at0230, berlin, Instant.parse("2026-10-24T12:00:00Z"), 2))
                .as("autumn: 02:30 occurs twice and fires at the first, CEST")
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }
}
