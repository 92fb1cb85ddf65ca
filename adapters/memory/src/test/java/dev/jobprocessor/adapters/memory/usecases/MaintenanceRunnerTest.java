package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.adapters.memory.InMemoryLeadership;
import dev.jobprocessor.application.maintenance.MaintenanceRunner;
import dev.jobprocessor.application.maintenance.PeriodicTask;
import dev.jobprocessor.domain.StretchingInterval;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two runners sharing one leader seat stand for two processes sharing one store. */
class MaintenanceRunnerTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final InMemoryLeadership.Seat seat = new InMemoryLeadership.Seat();
    private final AtomicInteger reapedByA = new AtomicInteger();
    private final AtomicInteger reapedByB = new AtomicInteger();
    private final MaintenanceRunner a = runner("a", reapedByA);
    private final MaintenanceRunner b = runner("b", reapedByB);

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void leaderOnlyTasksRunInTheLeaderAloneAndTheOthersEverywhere() {
        assertThat(a.runOnce()).containsExactly("reap", "gauges");
        assertThat(b.runOnce()).containsExactly("gauges");

        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(b.leader()).contains("a");
        assertThat(reapedByA).hasValue(1);
        assertThat(reapedByB).hasValue(0);
    }

    @Test
    void aStoppingLeaderResignsAndAnotherTakesOverAtItsNextCampaign() {
        a.runOnce();
        b.runOnce();

        a.close();

        assertThat(b.leader()).isEmpty();
        assertThat(b.runOnce()).containsExactly("reap", "gauges");
        assertThat(b.isLeader()).isTrue();
        assertThat(reapedByB).hasValue(1);
    }

    @Test
    void aLeaderThatLostItsSeatStopsLeadingAtItsNextCampaign() {
        a.runOnce();

        seat.depose();
        b.runOnce();

        assertThat(a.runOnce()).containsExactly("gauges");
        assertThat(a.isLeader()).isFalse();
        assertThat(reapedByA).hasValue(1);
        assertThat(reapedByB).hasValue(1);
    }

    @Test
    void aFailingRoundIsTriedAgainAndDoesNotStopTheOtherTasks() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        MaintenanceRunner runner = new MaintenanceRunner(
                InMemoryLeadership.alone("solo"),
                LONG,
                List.of(
                        PeriodicTask.leaderOnly("flaky", LONG, () -> {
                            attempts.incrementAndGet();
                            throw new IllegalStateException("database restarting");
                        }),
                        PeriodicTask.everyProcess("steady", LONG, others::incrementAndGet)));
        try {
            runner.runOnce();
            runner.runOnce();
        } finally {
            runner.close();
        }

        assertThat(attempts).hasValue(2);
        assertThat(others).hasValue(2);
    }

    @Test
    void startedItRunsEachTaskAgainAndAgainOnItsOwnThreads() throws InterruptedException {
        CountDownLatch rounds = new CountDownLatch(3);
        MaintenanceRunner runner = new MaintenanceRunner(
                InMemoryLeadership.alone("solo"),
                Duration.ofMillis(10),
                List.of(PeriodicTask.leaderOnly("tick", Duration.ofMillis(10), rounds::countDown)));
        try {
            runner.start();
            assertThat(rounds.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.isLeader()).isTrue();
        } finally {
            runner.close();
        }
        assertThat(runner.isLeader()).as("closing resigns").isFalse();
        assertThat(runner.leader()).isEmpty();
    }

    @Test
    void aSlowRoundStretchesTheWaitBeforeTheNext() throws InterruptedException {
        Duration interval = Duration.ofMillis(20);
        Duration round = Duration.ofMillis(50);
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        List<Long> endedAt = new CopyOnWriteArrayList<>();
        CountDownLatch rounds = new CountDownLatch(3);
        MaintenanceRunner runner = new MaintenanceRunner(
                InMemoryLeadership.alone("solo"), LONG, List.of(PeriodicTask.leaderOnly("slow", interval, () -> {
                    startedAt.add(System.nanoTime());
                    try {
                        Thread.sleep(round);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    endedAt.add(System.nanoTime());
                    rounds.countDown();
                })));
        try {
            runner.start();
            assertThat(rounds.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            runner.close();
        }

        // 50 × 50 ms, capped at 10 intervals: 200 ms between rounds instead of 20.
        Duration stretched = new StretchingInterval(interval).after(round);
        assertThat(stretched).isEqualTo(Duration.ofMillis(200));
        for (int i = 1; i < 3; i++) {
            assertThat(Duration.ofNanos(startedAt.get(i) - endedAt.get(i - 1)))
                    .as("the wait before round %d", i + 1)
                    .isGreaterThanOrEqualTo(stretched.minusMillis(5));
        }
    }

    private MaintenanceRunner runner(String process, AtomicInteger reaped) {
        return new MaintenanceRunner(
                new InMemoryLeadership(process, seat),
                LONG,
                List.of(
                        PeriodicTask.leaderOnly("reap", LONG, reaped::incrementAndGet),
                        PeriodicTask.everyProcess("gauges", LONG, () -> {})));
    }
}
