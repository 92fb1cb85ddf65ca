package dev.jobprocessor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PurgeBatchSizeTest {

    private static final Duration SLOW = Duration.ofMillis(400);
    private static final Duration FAST = Duration.ofMillis(5);
    private static final Duration USUAL = Duration.ofMillis(150);

    @Test
    void startsAtTwoThousandRows() {
        assertThat(PurgeBatchSize.INITIAL.rows()).isEqualTo(2_000);
    }

    @Test
    void halvesAfterASlowStatementDownToTheFloor() {
        PurgeBatchSize size = PurgeBatchSize.INITIAL;
        size = size.after(SLOW);
        assertThat(size.rows()).isEqualTo(1_000);
        for (int i = 0; i < 20; i++) {
            size = size.after(SLOW);
        }
        assertThat(size.rows()).isEqualTo(PurgeBatchSize.MIN);
    }

    @Test
    void growsByAQuarterAfterAFastStatementUpToTheCap() {
        PurgeBatchSize size = PurgeBatchSize.INITIAL.after(FAST);
        assertThat(size.rows()).isEqualTo(2_500);
        for (int i = 0; i < 50; i++) {
            size = size.after(FAST);
        }
        assertThat(size.rows()).isEqualTo(PurgeBatchSize.MAX);
    }

    @Test
    void staysBetweenFastAndSlowAndAtTheBoundsThemselves() {
        assertThat(PurgeBatchSize.INITIAL.after(USUAL)).isEqualTo(PurgeBatchSize.INITIAL);
        assertThat(PurgeBatchSize.INITIAL.after(PurgeBatchSize.SLOW)).isEqualTo(PurgeBatchSize.INITIAL);
        assertThat(PurgeBatchSize.INITIAL.after(PurgeBatchSize.FAST)).isEqualTo(PurgeBatchSize.INITIAL);
    }

    @Test
    void recoversFromTheFloorOnceStatementsAreFastAgain() {
        PurgeBatchSize size = new PurgeBatchSize(PurgeBatchSize.MIN);
        int steps = 0;
        while (size.rows() < PurgeBatchSize.START) {
            size = size.after(FAST);
            steps++;
        }
        assertThat(steps)
                .as("a slow spell is forgotten within a few dozen fast statements")
                .isLessThan(20);
    }

    @Test
    void refusesSizesOutsideItsBounds() {
        assertThatThrownBy(() -> new PurgeBatchSize(PurgeBatchSize.MIN - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PurgeBatchSize(PurgeBatchSize.MAX + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
