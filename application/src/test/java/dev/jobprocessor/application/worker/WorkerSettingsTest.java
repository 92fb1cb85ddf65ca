package dev.jobprocessor.application.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker may be configured with: every bound refused with a message naming it, and what is accepted. */
class WorkerSettingsTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(1);

    @Test
    void queueGroupsRefuseWhatCannotBeServed() {
        assertRefused(() -> new QueueConcurrency(List.of(), 1), "between 1 and 100 queues");
        assertRefused(() -> new QueueConcurrency(Collections.nCopies(101, "q"), 1), "between 1 and 100 queues");
        assertRefused(() -> QueueConcurrency.of("Bad Queue", 1), "not a valid queue name: Bad Queue");
        assertRefused(() -> new QueueConcurrency(List.of("a", "a"), 1), "a queue is named twice");
        assertRefused(() -> QueueConcurrency.of("a", 0), "concurrency must be between 1 and 1000, got 0");
        assertRefused(() -> QueueConcurrency.of("a", 1_001), "concurrency must be between 1 and 1000, got 1001");
        assertThat(new QueueConcurrency(List.of("mail", "reports"), 8)).hasToString("mail+reports:8");
    }

    @Test
    void aWorkerRefusesQueuesGivenTwiceAndBadTimings() {
        List<QueueConcurrency> one = List.of(QueueConcurrency.of("default", 2));
        assertRefused(() -> new WorkerSettings("w", List.of(), LEASE, POLL, 0), "at least one queue");
        assertRefused(
                () -> new WorkerSettings(
                        "w", List.of(QueueConcurrency.of("a", 1), QueueConcurrency.of("a", 2)), LEASE, POLL, 0),
                "queue a is given slots twice");
        assertRefused(() -> new WorkerSettings("w", one, Duration.ofMillis(999), POLL, 0), "at least one second");
        assertRefused(() -> new WorkerSettings("w", one, LEASE, Duration.ZERO, 0), "poll interval must be positive");
        assertRefused(() -> new WorkerSettings("w", one, LEASE, POLL, -1), "prefetch must be between 0 and 1000");
        assertRefused(() -> new WorkerSettings("w", one, LEASE, POLL, 1_001), "prefetch must be between 0 and 1000");
    }

    @Test
    void theOldFormSharesItsSlotsAcrossItsQueues() {
        WorkerSettings shared = new WorkerSettings("w", List.of("mail", "reports"), 8, LEASE, POLL);

        assertThat(shared.queues()).containsExactly(new QueueConcurrency(List.of("mail", "reports"), 8));
        assertThat(shared.prefetch()).isZero();
    }

    private static void assertRefused(Runnable construction, String message) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
