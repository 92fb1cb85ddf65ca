package dev.jobprocessor.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fire times on real zone rules: Europe/Berlin moves its clocks on 2026-03-29 (02:00 → 03:00) and 2026-10-25. */
class FireTimesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void inUtcTheTicksAreTheWallClocksTicks() {
        assertThat(FireTimes.next(
                        StepCadence.every(Duration.ofMinutes(15)),
                        ZoneId.of("UTC"),
                        Instant.parse("2026-06-01T10:07:00Z"),
                        3))
                .containsExactly(
                        Instant.parse("2026-06-01T10:15:00Z"),
                        Instant.parse("2026-06-01T10:30:00Z"),
                        Instant.parse("2026-06-01T10:45:00Z"));
    }

    @Test
    void aLocalTimeThatDoesNotExistFiresOnceWhenTheGapEnds() {
        // 02:30 does not exist on 2026-03-29 in Berlin: the clock goes from 01:59:59 CET to 03:00 CEST (01:00 UTC).
        assertThat(FireTimes.next(
                        StepCadence.dailyAt(LocalTime.of(2, 30)), BERLIN, Instant.parse("2026-03-27T12:00:00Z"), 4))
                .containsExactly(
                        Instant.parse("2026-03-28T01:30:00Z"),
                        Instant.parse("2026-03-29T01:00:00Z"),
                        Instant.parse("2026-03-30T00:30:00Z"),
                        Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void everyTickInsideTheGapLandsOnItsEndAndFiresOnceTogetherWithTheTickAtTheEnd() {
        // Every 15 minutes: 02:00, 02:15, 02:30, 02:45 do not exist, 03:00 CEST is the gap's end.
        assertThat(FireTimes.next(
                        StepCadence.every(Duration.ofMinutes(15)),
                        BERLIN,
                        Instant.parse("2026-03-29T00:30:00Z"), // 01:30 CET
                        4))
                .containsExactly(
                        Instant.parse("2026-03-29T00:45:00Z"), // 01:45 CET
                        Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST, for 02:00 … 03:00
                        Instant.parse("2026-03-29T01:15:00Z"), // 03:15 CEST
                        Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aLocalTimeThatOccursTwiceFiresOnceTheFirstTime() {
        // 02:30 occurs twice on 2026-10-25 in Berlin: 00:30 UTC (CEST) and 01:30 UTC (CET).
        assertThat(FireTimes.next(
                        StepCadence.dailyAt(LocalTime.of(2, 30)), BERLIN, Instant.parse("2026-10-24T12:00:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-10-25T00:30:00Z"),
                        Instant.parse("2026-10-26T01:30:00Z"),
                        Instant.parse("2026-10-27T01:30:00Z"));
    }

    @Test
    void theRepeatedHourFiresInItsFirstPassOnly() {
        List<Instant> hourly = FireTimes.next(
                StepCadence.every(Duration.ofMinutes(30)),
                BERLIN,
                Instant.parse("2026-10-24T23:15:00Z"), // 01:15 CEST
                5);

        assertThat(hourly)
                .containsExactly(
                        Instant.parse("2026-10-24T23:30:00Z"), // 01:30 CEST
                        Instant.parse("2026-10-25T00:00:00Z"), // 02:00 CEST
                        Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST; the second 02:00 and 02:30 fire nothing
                        Instant.parse("2026-10-25T02:00:00Z"), // 03:00 CET
                        Instant.parse("2026-10-25T02:30:00Z"));
    }

    @Test
    void startingInsideTheSecondPassWaitsForTheHourAfterIt() {
        // 02:10 CET, the second pass: 02:15 and 02:30 fired (or were due) in the first.
        assertThat(FireTimes.nextAfter(
                        StepCadence.every(Duration.ofMinutes(15)), BERLIN, Instant.parse("2026-10-25T01:10:00Z")))
                .contains(Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void theShortestIntervalIsTheSmallestGapBetweenTheNextTicks() {
        assertThat(FireTimes.shortestInterval(
                        StepCadence.every(Duration.ofSeconds(5)), BERLIN, Instant.parse("2026-06-01T10:00:00Z"), 10))
                .contains(Duration.ofSeconds(5));
    }
}
