package dev.jobprocessor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

    @Test
    void theFinalStatesAreTheTerminalOnesAndNoOther() {
        assertThat(Retention.FINAL_STATES)
                .containsExactly(JobState.COMPLETED, JobState.FAILED, JobState.DEAD, JobState.CANCELLED)
                .doesNotContain(JobState.PENDING, JobState.RUNNING);
    }

    @Test
    void keepsCompletedAndCancelledJobsADayAndFailedAndDeadOnesTwoWeeksByDefault() {
        assertThat(Retention.DEFAULT.of(JobState.COMPLETED)).isEqualTo(Duration.ofDays(1));
        assertThat(Retention.DEFAULT.of(JobState.CANCELLED)).isEqualTo(Duration.ofDays(1));
        assertThat(Retention.DEFAULT.of(JobState.FAILED)).isEqualTo(Duration.ofDays(14));
        assertThat(Retention.DEFAULT.of(JobState.DEAD)).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void theCutoffIsNowMinusTheStatesRetention() {
        assertThat(Retention.DEFAULT.cutoff(JobState.COMPLETED, NOW)).contains(NOW.minus(Duration.ofDays(1)));
        assertThat(Retention.DEFAULT.cutoff(JobState.DEAD, NOW)).contains(NOW.minus(Duration.ofDays(14)));
    }

    @Test
    void zeroKeepsAStatesJobsForEver() {
        Retention retention = new Retention(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(2));

        assertThat(retention.keepsForever(JobState.COMPLETED)).isTrue();
        assertThat(retention.cutoff(JobState.COMPLETED, NOW)).isEmpty();
        assertThat(retention.keepsForever(JobState.CANCELLED)).isFalse();
        assertThat(Retention.FINAL_STATES)
                .allSatisfy(state ->
                        assertThat(Retention.FOREVER.keepsForever(state)).isTrue());
    }

    @Test
    void pendingAndRunningJobsHaveNoRetention() {
        for (JobState state : new JobState[] {JobState.PENDING, JobState.RUNNING}) {
            assertThatThrownBy(() -> Retention.DEFAULT.of(state))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(state.wireName() + " jobs have no retention");
            assertThatThrownBy(() -> Retention.DEFAULT.cutoff(state, NOW)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesANegativeOrAbsurdRetention() {
        assertThatThrownBy(() -> new Retention(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the retention of completed jobs must be between 0 and 36500d");
        assertThatThrownBy(() -> new Retention(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofDays(36_501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the retention of dead jobs");
        assertThatThrownBy(() -> new Retention(Duration.ZERO, null, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
    }
}
