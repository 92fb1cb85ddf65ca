package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jobprocessor.application.maintenance.MaintenanceRunner;
import dev.jobprocessor.application.maintenance.PeriodicTask;
import dev.jobprocessor.application.port.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A leadership port that loses its lock, or throws although it promises not to: a Mockito mock, because the sequence
 * of answers (leading, leading, lost; or a failure in between) is the point. {@link MaintenanceRunnerTest} covers
 * the ordinary hand-over between two processes with the in-memory seat.
 */
class LeadershipLossTest {

    private static final Duration LONG = Duration.ofHours(1);
    private static final long WAIT_MILLIS = 10_000;

    private final Leadership leadership = mock(Leadership.class);
    private final AtomicInteger reaps = new AtomicInteger();
    private final AtomicInteger gauges = new AtomicInteger();

    private MaintenanceRunner runner(Duration interval) {
        return new MaintenanceRunner(
                leadership,
                interval,
                List.of(
                        PeriodicTask.leaderOnly("reap", interval, reaps::incrementAndGet),
                        PeriodicTask.everyProcess("gauges", interval, gauges::incrementAndGet)));
    }

    @Test
    void leaderOnlyTasksStopAtTheFirstCampaignThatLostTheLockAndTheOthersGoOn() {
        when(leadership.campaign()).thenReturn(true, true, false, false);
        MaintenanceRunner runner = runner(LONG);
        try {
            assertThat(runner.runOnce()).containsExactly("reap", "gauges");
            assertThat(runner.runOnce()).containsExactly("reap", "gauges");

            assertThat(runner.runOnce()).as("the lock is lost").containsExactly("gauges");
            assertThat(runner.isLeader()).isFalse();
            assertThat(runner.runOnce()).containsExactly("gauges");
        } finally {
            runner.close();
        }

        assertThat(reaps).hasValue(2);
        assertThat(gauges).hasValue(4);
        verify(leadership, times(4)).campaign();
        verify(leadership).resign();
    }

    @Test
    void aCampaignThatThrowsMeansNotLeadingForThatRoundAndNeverReachesTheCaller() {
        when(leadership.campaign())
                .thenReturn(true)
                .thenThrow(new IllegalStateException("connection reset"))
                .thenReturn(true);
        MaintenanceRunner runner = runner(LONG);
        try {
            assertThat(runner.runOnce()).containsExactly("reap", "gauges");
            assertThat(runner.runOnce()).containsExactly("gauges");
            assertThat(runner.isLeader()).isFalse();
            assertThat(runner.runOnce())
                    .as("leading again once the store answers")
                    .containsExactly("reap", "gauges");
        } finally {
            runner.close();
        }

        assertThat(reaps).hasValue(2);
        assertThat(gauges).hasValue(3);
    }

    @Test
    void onItsScheduleItOutlivesThrowingCampaignsAndResignsOnceWhenClosed() throws InterruptedException {
        AtomicInteger campaigns = new AtomicInteger();
        CountDownLatch reapedAfterTheOutage = new CountDownLatch(1);
        CountDownLatch gaugeRounds = new CountDownLatch(20);
        // Leading at the first campaign, the store unreachable for the next three, then leading again.
        doAnswer(invocation -> {
                    int call = campaigns.incrementAndGet();
                    if (call >= 2 && call <= 4) {
                        throw new IllegalStateException("connection reset");
                    }
                    return true;
                })
                .when(leadership)
                .campaign();
        Duration interval = Duration.ofMillis(10);
        MaintenanceRunner runner = new MaintenanceRunner(
                leadership,
                interval,
                List.of(
                        PeriodicTask.leaderOnly("reap", interval, () -> {
                            if (campaigns.get() > 4) {
                                reapedAfterTheOutage.countDown();
                            }
                        }),
                        PeriodicTask.everyProcess("gauges", interval, gaugeRounds::countDown)));
        try {
            runner.start();

            verify(leadership, timeout(WAIT_MILLIS).atLeast(8)).campaign();
            assertThat(reapedAfterTheOutage.await(WAIT_MILLIS, TimeUnit.MILLISECONDS))
                    .as("leader-only work resumes once campaigning succeeds again")
                    .isTrue();
            assertThat(gaugeRounds.await(WAIT_MILLIS, TimeUnit.MILLISECONDS))
                    .as("every-process work ran throughout")
                    .isTrue();
        } finally {
            runner.close();
            runner.close();
        }

        verify(leadership, times(1)).resign();
        assertThat(runner.isLeader()).isFalse();
    }
}
