package dev.jobprocessor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurgeLoopTest {

    private static final Instant CUTOFF = Instant.parse("2030-01-01T00:00:00Z");

    /** A store holding {@code expired} deletable rows; each statement takes {@code statementNanos} on the fake clock. */
    private static final class FakePurger implements JobPurger {
        long expired;
        long now;
        long statementNanos;
        final List<Integer> limits = new ArrayList<>();

        FakePurger(long expired, Duration statement) {
            this.expired = expired;
            this.statementNanos = statement.toNanos();
        }

        @Override
        public int purgeFinished(JobState state, Instant finishedBefore, int limit, QueueScope scope) {
            limits.add(limit);
            now += statementNanos;
            int deleted = (int) Math.min(limit, expired);
            expired -= deleted;
            return deleted;
        }

        @Override
        public long countFinished(JobState state, Instant finishedBefore) {
            return expired;
        }

        @Override
        public PurgeOutcome purge(JobId id) {
            return new PurgeOutcome.Missing(id);
        }
    }

    @Test
    void deletesUntilABatchComesBackShort() {
        FakePurger store = new FakePurger(5_000, Duration.ofMillis(150));
        PurgeLoop loop = new PurgeLoop(store, () -> store.now);

        PurgeLoop.Run run = loop.run(JobState.COMPLETED, CUTOFF, Duration.ofHours(1));

        assertThat(run).isEqualTo(new PurgeLoop.Run(5_000, true));
        assertThat(store.limits).containsExactly(2_000, 2_000, 2_000);
    }

    @Test
    void stopsAtTheBudgetWithRowsLeftAndAlwaysRunsOneBatch() {
        FakePurger store = new FakePurger(1_000_000, Duration.ofMillis(150));
        PurgeLoop loop = new PurgeLoop(store, () -> store.now);

        PurgeLoop.Run run = loop.run(JobState.DEAD, CUTOFF, Duration.ofMillis(450));

        assertThat(run).isEqualTo(new PurgeLoop.Run(6_000, false));
        assertThat(loop.run(JobState.DEAD, CUTOFF, Duration.ZERO)).isEqualTo(new PurgeLoop.Run(2_000, false));
    }

    @Test
    void takesFewerRowsAfterSlowStatementsAndKeepsTheSizeForTheNextRun() {
        FakePurger store = new FakePurger(1_000_000, Duration.ofMillis(300));
        PurgeLoop loop = new PurgeLoop(store, () -> store.now);

        loop.run(JobState.COMPLETED, CUTOFF, Duration.ofMillis(900));

        assertThat(store.limits).containsExactly(2_000, 1_000, 500);
        assertThat(loop.size().rows()).isEqualTo(250);
        store.statementNanos = Duration.ofMillis(1).toNanos();
        loop.run(JobState.COMPLETED, CUTOFF, Duration.ofMillis(2));
        assertThat(store.limits.subList(3, store.limits.size())).startsWith(250, 312);
    }
}
