package dev.jobprocessor.application.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerPaceTest {

    private static WorkerSettings settings(int concurrency, int prefetch) {
        return new WorkerSettings(
                "w", List.of("default"), concurrency, Duration.ofSeconds(30), Duration.ofSeconds(1), prefetch);
    }

    @Test
    void buffersNothingBeforeAnyHandlerFinished() {
        assertThat(new HandlerPace().prefetch(16, 64)).isZero();
    }

    @Test
    void quickHandlersGetTheWholePrefetch() {
        HandlerPace pace = new HandlerPace();
        pace.handlerTook(Duration.ofMillis(1).toNanos());

        assertThat(pace.prefetch(16, 64)).isEqualTo(64);
        assertThat(pace.prefetch(16, 0)).as("prefetch off stays off").isZero();
    }

    @Test
    void theBufferHoldsAboutHalfASecondOfWork() {
        HandlerPace pace = new HandlerPace();
        pace.handlerTook(Duration.ofMillis(100).toNanos());

        // 16 slots × 500 ms / 100 ms per job
        assertThat(pace.prefetch(16, 1_000)).isEqualTo(80);
    }

    @Test
    void aFewSlowHandlersEmptyTheBufferQuickly() {
        HandlerPace pace = new HandlerPace();
        for (int i = 0; i < 100; i++) {
            pace.handlerTook(Duration.ofMillis(1).toNanos());
        }
        pace.handlerTook(Duration.ofSeconds(10).toNanos());
        pace.handlerTook(Duration.ofSeconds(10).toNanos());

        assertThat(pace.prefetch(8, 32)).isLessThanOrEqualTo(2);
    }

    @Test
    void afterABufferedJobWaitedTooLongNothingIsBufferedUntilAHandlerFinishes() {
        HandlerPace pace = new HandlerPace();
        pace.handlerTook(Duration.ofMillis(1).toNanos());
        pace.bufferWaitedTooLong();

        assertThat(pace.prefetch(16, 64)).isZero();

        pace.handlerTook(Duration.ofMillis(1).toNanos());
        assertThat(pace.prefetch(16, 64)).isEqualTo(64);
    }

    @Test
    void settingsBoundThePrefetchAndTheBufferWait() {
        assertThat(WorkerSettings.defaultPrefetch(8)).isEqualTo(32);
        assertThat(WorkerSettings.defaultPrefetch(500)).isEqualTo(100);
        assertThat(settings(4, 0).maxBufferWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new WorkerSettings("w", List.of("default"), 1, Duration.ofSeconds(2), Duration.ofSeconds(1), 4)
                        .maxBufferWait())
                .as("a quarter of a short lease")
                .isEqualTo(Duration.ofMillis(500));
    }
}
