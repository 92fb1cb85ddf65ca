package dev.jobprocessor.application.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureStreakTest {

    private final FailureStreak streak = new FailureStreak("reaping expired leases");

    @Test
    void anOutageIsTwoLinesWhateverItsLength() {
        assertThat(streak.succeeded()).isEmpty();
        assertThat(streak.failed("connection refused"))
                .contains("reaping expired leases failed; trying again each round, and saying so when it works:"
                        + " connection refused");
        for (int round = 0; round < 59; round++) {
            assertThat(streak.failed("connection refused")).isEmpty();
        }
        assertThat(streak.succeeded()).contains("reaping expired leases works again after 60 failed round(s)");
        assertThat(streak.succeeded()).isEmpty();
    }

    @Test
    void aNewOutageStartsANewStreak() {
        streak.failed("a");
        streak.succeeded();

        assertThat(streak.failed("b")).isPresent();
        assertThat(streak.succeeded()).contains("reaping expired leases works again after 1 failed round(s)");
    }
}
