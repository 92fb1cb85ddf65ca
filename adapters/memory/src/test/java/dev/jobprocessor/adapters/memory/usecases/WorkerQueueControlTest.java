package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A library worker and its handlers under snooze and cancel (docs/QUEUE_CONTROL.md), driven tick by tick as in
 * {@link WorkerTest}.
 */
class WorkerQueueControlTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final UseCases app = new UseCases();
    private Worker worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
    }

    private JobId submit(JobRequest request) {
        return app.submit.submit(request).job().id();
    }

    private Job stored(JobId id) {
        return app.get.get(id);
    }

    @Test
    void aHandlerThatSnoozesRunsAgainLaterWithoutLosingAnAttempt() {
        AtomicInteger calls = new AtomicInteger();
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register(
                                "rate-limited",
                                job -> calls.incrementAndGet() == 1
                                        ? HandlerResult.snooze(Duration.ofSeconds(30))
                                        : HandlerResult.success(Json.EMPTY_OBJECT))
                        .build());
        JobId id = submit(JobRequest.ofType("rate-limited").withMaxAttempts(1));

        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        Job snoozed = stored(id);
        assertThat(snoozed.state()).isEqualTo(JobState.PENDING);
        assertThat(snoozed.attempts()).isZero();
        assertThat(snoozed.snoozes()).isEqualTo(1);
        assertThat(worker.poll()).as("not before its time").isZero();

        app.clock.advance(Duration.ofSeconds(30));
        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(stored(id).state()).isEqualTo(JobState.COMPLETED);
        assertThat(app.observedEvents()).contains(LifecycleEvent.SNOOZED);
    }

    @Test
    void aHandlerThatSnoozesPastTheCapIsFailedInsteadOfLeftRunning() {
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("never-ready", job -> HandlerResult.snooze(Duration.ofSeconds(1)))
                        .build());
        JobId id = submit(JobRequest.ofType("never-ready").withMaxAttempts(1));

        for (int i = 0; i <= JobLimits.MAX_SNOOZES; i++) {
            assertThat(worker.poll()).as("claim %d", i).isEqualTo(1);
            assertThat(worker.awaitIdle(WAIT)).isTrue();
            app.clock.advance(Duration.ofSeconds(1));
        }

        Job dead = stored(id);
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.snoozes()).isEqualTo(JobLimits.MAX_SNOOZES);
        assertThat(dead.lastError()).contains("snoozed 100 times");
    }

    @Test
    void aCancelledAttemptIsSignalledInterruptedStoppedAndItsJobEndsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean signalSeen = new AtomicBoolean();
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("long", (job, cancel) -> {
                            started.countDown();
                            try {
                                Thread.sleep(Duration.ofMinutes(10));
                            } catch (InterruptedException e) {
                                signalSeen.set(cancel.isCancelRequested());
                                interrupted.countDown();
                            }
                            return HandlerResult.success(new Json("{\"late\":true}"));
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("long"));
        assertThat(worker.poll()).isEqualTo(1);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        worker.stopCancelled();
        assertThat(stored(id).state()).as("no request yet").isEqualTo(JobState.RUNNING);
        assertThat(app.cancel.cancel(id).job().cancelRequestedAt()).isNotNull();
        worker.stopCancelled();

        assertThat(interrupted.await(10, TimeUnit.SECONDS))
                .as("the handler's thread is interrupted")
                .isTrue();
        assertThat(signalSeen).as("and its signal has fired by then").isTrue();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        Job cancelled = stored(id);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.result()).as("the late result is not stored").isNull();
        assertThat(worker.inFlight()).isZero();
        assertThat(app.observedEvents()).contains(LifecycleEvent.CANCEL_REQUESTED, LifecycleEvent.CANCELLED);
    }

    @Test
    void aResultThatBeatsTheWorkersLookIsStillNotStoredAsACompletion() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("quick", job -> {
                            started.countDown();
                            proceed.await();
                            return HandlerResult.success(new Json("{\"late\":true}"));
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("quick"));
        assertThat(worker.poll()).isEqualTo(1);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        app.cancel.cancel(id);
        proceed.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(stored(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(stored(id).result()).isNull();
    }
}
