package dev.jobprocessor.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FireRoundTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Cadence EVERY_SECOND = StepCadence.every(Duration.ofSeconds(1));
    private static final Cadence EVERY_MINUTE = StepCadence.every(Duration.ofMinutes(1));
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private static FireRound plan(Cadence cadence, Instant next, Instant now, MisfirePolicy misfire) {
        return FireRound.plan(cadence, UTC, next, now, misfire, DAY, OverlapPolicy.ALLOW, false);
    }

    @Test
    void aScheduleNotYetDueFiresNothingAndKeepsItsNextTick() {
        FireRound round = plan(EVERY_MINUTE, T.plusSeconds(60), T, MisfirePolicy.FIRE_ONCE);

        assertThat(round.fires()).isEmpty();
        assertThat(round.nextFireAt()).contains(T.plusSeconds(60));
    }

    @Test
    void anOnTimeTickFiresUnderEveryPolicy() {
        for (MisfirePolicy misfire : MisfirePolicy.values()) {
            FireRound round = plan(EVERY_MINUTE, T, T.plusMillis(300), misfire);

            assertThat(round.fires()).as(misfire.wireName()).containsExactly(T);
            assertThat(round.nextFireAt()).contains(T.plusSeconds(60));
            assertThat(round.missedSkipped()).isZero();
        }
    }

    @Test
    void aSlowRoundMissesTheOlderTickOfAFastScheduleAndFireAllStillFiresIt() {
        // A round 0.8 s late for T+1 s: T is 1.8 s late, more than its one-second tolerance.
        FireRound round = plan(EVERY_SECOND, T, T.plusMillis(1_800), MisfirePolicy.FIRE_ALL);

        assertThat(round.fires()).containsExactly(T, T.plusSeconds(1));
        assertThat(round.nextFireAt()).contains(T.plusSeconds(2));
    }

    @Test
    void afterTenMissedTicksSkipFiresNoneFireOnceTheLatestAndFireAllEvery() {
        // Down from T to T + 10.5 s: ticks T … T+9 s are missed, T+10 s is on time.
        Instant now = T.plusMillis(10_500);
        List<Instant> missed = IntStream.range(0, 10).mapToObj(T::plusSeconds).toList();

        FireRound skip = plan(EVERY_SECOND, T, now, MisfirePolicy.SKIP);
        FireRound once = plan(EVERY_SECOND, T, now, MisfirePolicy.FIRE_ONCE);
        FireRound all = plan(EVERY_SECOND, T, now, MisfirePolicy.FIRE_ALL);

        assertThat(skip.fires()).containsExactly(T.plusSeconds(10));
        assertThat(skip.missedSkipped()).isEqualTo(10);
        assertThat(once.fires()).containsExactly(T.plusSeconds(9), T.plusSeconds(10));
        assertThat(once.missedSkipped()).isEqualTo(9);
        assertThat(all.fires())
                .containsSubsequence(missed)
                .contains(T.plusSeconds(10))
                .hasSize(11);
        assertThat(all.missedSkipped()).isZero();
        assertThat(List.of(skip, once, all))
                .allSatisfy(round -> assertThat(round.nextFireAt()).contains(T.plusSeconds(11)));
    }

    @Test
    void onlyTicksInsideTheCatchUpWindowCatchUp() {
        Instant now = T.plus(Duration.ofMinutes(90)).plusSeconds(30);
        FireRound once = FireRound.plan(
                EVERY_MINUTE, UTC, T, now, MisfirePolicy.FIRE_ALL, Duration.ofMinutes(10), OverlapPolicy.ALLOW, false);

        // Missed ticks T+81 … T+89 min are inside the 10-minute window; T+90 min is 30 s late, inside the tolerance.
        assertThat(once.fires()).hasSize(10).first().isEqualTo(T.plus(Duration.ofMinutes(81)));
        assertThat(once.missedSkipped()).isEqualTo(81);
    }

    @Test
    void fireAllCatchesUpTheLatestHundredAtMost() {
        Instant now = T.plus(Duration.ofMinutes(500)).plusSeconds(30);
        FireRound all = plan(EVERY_MINUTE, T, now, MisfirePolicy.FIRE_ALL);

        assertThat(all.fires()).hasSize(FireRound.MAX_CATCH_UP + 1);
        assertThat(all.fires().getFirst()).isEqualTo(T.plus(Duration.ofMinutes(400)));
        assertThat(all.missedSkipped()).isEqualTo(400);
    }

    @Test
    void skipIfRunningFiresNothingWhileThePreviousJobIsUnfinishedAndAtMostOneOtherwise() {
        Instant now = T.plusMillis(10_500);
        FireRound busy = FireRound.plan(
                EVERY_SECOND, UTC, T, now, MisfirePolicy.FIRE_ALL, DAY, OverlapPolicy.SKIP_IF_RUNNING, true);
        FireRound idle = FireRound.plan(
                EVERY_SECOND, UTC, T, now, MisfirePolicy.FIRE_ALL, DAY, OverlapPolicy.SKIP_IF_RUNNING, false);

        assertThat(busy.fires()).isEmpty();
        assertThat(busy.overlapSkipped()).isEqualTo(11);
        assertThat(idle.fires()).containsExactly(T.plusSeconds(10));
        assertThat(idle.overlapSkipped()).isEqualTo(10);
        assertThat(busy.nextFireAt()).contains(T.plusSeconds(11));
    }

    @Test
    void aScheduleDueForAYearAtOneTickASecondIsPlannedWithoutWalkingEveryTick() {
        Instant year = T.plus(Duration.ofDays(365));
        FireRound once = plan(EVERY_SECOND, T, year.plusMillis(500), MisfirePolicy.FIRE_ONCE);

        assertThat(once.fires()).containsExactly(year.minusSeconds(1), year);
        assertThat(once.nextFireAt()).contains(year.plusSeconds(1));
    }
}
