package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker driven tick by tick: the test calls {@code poll}, {@code heartbeat} and {@code enforceTimeouts} itself
 * and moves the settable clock. It waits (never sleeps) only for handler threads to finish.
 */
class WorkerTest {

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
    void completesAJobWithTheHandlersResult() {
        worker = app.worker(
                2,
                JobHandlers.builder()
                        .register("echo", job -> HandlerResult.success(job.payload()))
                        .build());
        JobId id = submit(JobRequest.ofType("echo").withPayload(new Json("{\"hello\":\"world\"}")));

        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(stored(id).state()).isEqualTo(JobState.COMPLETED);
        assertThat(stored(id).result()).isEqualTo(new Json("{\"hello\":\"world\"}"));
    }

    @Test
    void aThrowingHandlerIsRetriedWithBackoffUntilDead() {
        AtomicInteger calls = new AtomicInteger();
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("flaky", job -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("service down");
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("flaky").withMaxAttempts(3));

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(worker.poll()).isEqualTo(1);
            assertThat(worker.awaitIdle(WAIT)).isTrue();
            assertThat(worker.poll()).as("backoff holds the job back").isZero();
            app.clock.advance(UseCases.RETRY_POLICY.cap());
        }

        Job dead = stored(id);
        assertThat(calls).hasValue(3);
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.lastError()).isEqualTo("IllegalStateException: service down");
        assertThat(dead.errors()).hasSize(3);
    }

    @Test
    void aPermanentResultFailsTheJobAtOnce() {
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("strict", job -> HandlerResult.permanent("payload is not valid"))
                        .build());
        JobId id = submit(JobRequest.ofType("strict"));

        worker.poll();
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(stored(id).state()).isEqualTo(JobState.FAILED);
        assertThat(stored(id).attempts()).isEqualTo(1);
        assertThat(stored(id).lastError()).isEqualTo("payload is not valid");
    }

    @Test
    void neverRunsMoreThanItsConcurrency() throws Exception {
        Semaphore release = new Semaphore(0);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        worker = app.worker(
                3,
                JobHandlers.builder()
                        .register("block", job -> {
                            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                            try {
                                release.acquire();
                            } finally {
                                running.decrementAndGet();
                            }
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        IntStream.range(0, 10).forEach(i -> submit(JobRequest.ofType("block")));

        assertThat(worker.poll()).isEqualTo(3);
        assertThat(worker.poll()).isZero();
        assertThat(worker.inFlight()).isEqualTo(3);

        release.release(1);
        awaitInFlight(2);
        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.poll()).isZero();

        release.release(100);
        drainUntil(() -> app.list
                        .list(new dev.jobprocessor.application.port.JobQuery(JobState.COMPLETED, null, null, 50, null))
                        .jobs()
                        .size()
                == 10);
        assertThat(mostAtOnce.get()).isEqualTo(3);
        assertThat(app.list
                        .list(new dev.jobprocessor.application.port.JobQuery(JobState.COMPLETED, null, null, 50, null))
                        .jobs())
                .hasSize(10);
    }

    @Test
    void anAttemptPastItsTimeoutFailsAndFreesItsSlot() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("hang", job -> {
                            started.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                                throw e;
                            }
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("hang").withTimeoutSeconds(5).withMaxAttempts(2));
        worker.poll();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        app.clock.advance(Duration.ofSeconds(4));
        worker.enforceTimeouts();
        assertThat(worker.inFlight()).isEqualTo(1);

        app.clock.advance(Duration.ofSeconds(1));
        worker.enforceTimeouts();

        assertThat(worker.inFlight()).isZero();
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        Job timedOut = stored(id);
        assertThat(timedOut.state()).isEqualTo(JobState.PENDING);
        assertThat(timedOut.lastError()).isEqualTo("timed out after 5 seconds");
    }

    @Test
    void aSlotIsFreedEvenIfTheHandlerIgnoresInterruption() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("stubborn", job -> {
                            started.countDown();
                            while (true) {
                                try {
                                    if (finish.await(10, TimeUnit.SECONDS)) {
                                        return HandlerResult.success(Json.EMPTY_OBJECT);
                                    }
                                } catch (InterruptedException ignored) {
                                    // deliberately ignores interruption
                                }
                            }
                        })
                        .register("noop", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                        .build());
        JobId stubborn =
                submit(JobRequest.ofType("stubborn").withTimeoutSeconds(1).withMaxAttempts(1));
        worker.poll();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        app.clock.advance(Duration.ofSeconds(1));
        worker.enforceTimeouts();
        JobId next = submit(JobRequest.ofType("noop"));

        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        finish.countDown();

        assertThat(stored(stubborn).state()).isEqualTo(JobState.DEAD);
        assertThat(stored(next).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void heartbeatsKeepALongAttemptsLease() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("long", job -> {
                            finish.await();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("long").withTimeoutSeconds(3600));
        worker.poll();
        Job claimed = stored(id);

        app.clock.advance(Duration.ofSeconds(10));
        worker.heartbeat();
        assertThat(stored(id).leaseExpiresAt())
                .as("more than half a lease left: no write")
                .isEqualTo(claimed.leaseExpiresAt());

        app.clock.advance(Duration.ofSeconds(10));
        worker.heartbeat();
        assertThat(stored(id).leaseExpiresAt()).isEqualTo(app.clock.now().plus(UseCases.LEASE));

        app.clock.advance(Duration.ofSeconds(25));
        assertThat(app.reaper.reap()).isZero();
        finish.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(stored(id).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void anAttemptWhoseLeaseWasLostIsStoppedAndItsResultDiscarded() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("slow", job -> {
                            started.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                            }
                            return HandlerResult.success(new Json("{\"late\":true}"));
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("slow"));
        worker.poll();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        app.clock.advance(UseCases.LEASE);
        assertThat(app.reaper.reap()).isEqualTo(1);
        worker.heartbeat();

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.inFlight()).isZero();
        Job job = stored(id);
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.result()).isNull();
        assertThat(job.lastError()).isEqualTo("lease expired");
    }

    @Test
    void claimsOnlyTypesItHasHandlersFor() {
        worker = app.worker(
                4,
                JobHandlers.builder()
                        .register("mine", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                        .build());
        JobId mine = submit(JobRequest.ofType("mine"));
        JobId theirs = submit(JobRequest.ofType("theirs"));

        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(stored(mine).state()).isEqualTo(JobState.COMPLETED);
        assertThat(stored(theirs).state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void shutdownHandsUnfinishedAttemptsBack() throws Exception {
        Worker stopping = app.worker(2, hangingHandler());
        JobId id = submit(JobRequest.ofType("hang"));
        startThenShutDown(stopping);

        Job handedBack = stored(id);
        assertThat(handedBack.state()).isEqualTo(JobState.PENDING);
        assertThat(handedBack.attempts())
                .as("an attempt the operator cut short does not count")
                .isZero();
        assertThat(handedBack.errors()).isEmpty();
        assertThat(handedBack.leaseOwner()).isNull();
        assertThat(stopping.inFlight()).isZero();
        assertThat(stopping.poll()).as("a stopped worker claims nothing").isZero();
        assertThat(app.observedEvents())
                .as("metrics and logs hear of a hand-back, not of a retry")
                .containsExactly(LifecycleEvent.CREATED, LifecycleEvent.STARTED, LifecycleEvent.RELEASED);
    }

    @Test
    void shutdownNeverTurnsAJobOnItsLastAttemptDead() throws Exception {
        Worker stopping = app.worker(1, hangingHandler());
        JobId id = submit(JobRequest.ofType("hang").withMaxAttempts(1));
        startThenShutDown(stopping);

        assertThat(stored(id).state()).isEqualTo(JobState.PENDING);
        assertThat(stored(id).attempts()).isZero();
    }

    private final CountDownLatch hangStarted = new CountDownLatch(1);

    /** A {@code hang} handler that never returns on its own. */
    private JobHandlers hangingHandler() {
        return JobHandlers.builder()
                .register("hang", job -> {
                    hangStarted.countDown();
                    new CountDownLatch(1).await();
                    return HandlerResult.success(Json.EMPTY_OBJECT);
                })
                .build();
    }

    /** Starts the one submitted hanging job, then shuts the worker down with no grace at all. */
    private void startThenShutDown(Worker stopping) throws InterruptedException {
        stopping.poll();
        assertThat(hangStarted.await(10, TimeUnit.SECONDS)).isTrue();
        stopping.shutdown(Duration.ZERO);
    }

    @Test
    void withPrefetchItClaimsBeyondItsFreeSlotsOnceItsHandlersAreKnownToBeQuick() {
        worker = app.worker(1, 4, noopHandler());
        List<JobId> ids = IntStream.range(0, 8)
                .mapToObj(i -> submit(JobRequest.ofType("noop")))
                .toList();

        assertThat(worker.poll()).as("no handler timed yet: free slots only").isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(worker.poll()).as("the free slot and the buffer").isEqualTo(5);
        assertThat(worker.awaitIdle(WAIT))
                .as("buffered jobs run as slots free up")
                .isTrue();

        assertThat(ids.stream().map(this::stored).filter(job -> job.state() == JobState.COMPLETED))
                .hasSize(6);
        assertThat(worker.buffered()).isZero();
    }

    @Test
    void aBufferedJobThatWaitedTooLongForASlotIsHandedBackWithoutCountingTheAttempt() throws Exception {
        worker = app.worker(1, 4, hangingAfterWarmUp());
        List<JobId> waiting = bufferBehindAHangingJob(worker);

        app.clock.advance(Duration.ofMillis(999));
        worker.handBackStaleBuffered();
        assertThat(worker.buffered()).as("not yet a second").isEqualTo(waiting.size());

        app.clock.advance(Duration.ofMillis(1));
        worker.handBackStaleBuffered();

        assertThat(worker.buffered()).isZero();
        assertThat(worker.inFlight()).as("the hanging job keeps its slot").isEqualTo(1);
        for (JobId id : waiting) {
            assertThat(stored(id).state()).isEqualTo(JobState.PENDING);
            assertThat(stored(id).attempts()).isZero();
            assertThat(stored(id).errors()).isEmpty();
        }
    }

    @Test
    void aBufferedJobWithAShortTimeoutIsHandedBackRatherThanStartedLate() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch gateStarted = new CountDownLatch(1);
        AtomicInteger quickRuns = new AtomicInteger();
        worker = app.worker(
                1,
                4,
                JobHandlers.builder()
                        .register("noop", job -> {
                            quickRuns.incrementAndGet();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .register("gate", job -> {
                            gateStarted.countDown();
                            gate.await();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        submit(JobRequest.ofType("noop"));
        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        submit(JobRequest.ofType("gate").withPriority(1));
        List<JobId> shortOnes = IntStream.range(0, 2)
                .mapToObj(i -> submit(JobRequest.ofType("noop").withPriority(9).withTimeoutSeconds(1)))
                .toList();
        assertThat(worker.poll()).isEqualTo(3);
        assertThat(gateStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // A quarter of their one-second timeout has passed: started now, they would have less than 0.75 s left.
        app.clock.advance(Duration.ofMillis(250));
        gate.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();

        assertThat(quickRuns).as("only the warm-up job ran").hasValue(1);
        for (JobId id : shortOnes) {
            assertThat(stored(id).state()).isEqualTo(JobState.PENDING);
            assertThat(stored(id).attempts()).isZero();
        }
    }

    @Test
    void shutdownHandsBufferedJobsBackAtOnce() throws Exception {
        Worker stopping = app.worker(1, 4, hangingAfterWarmUp());
        List<JobId> waiting = bufferBehindAHangingJob(stopping);

        stopping.shutdown(Duration.ZERO);

        assertThat(stopping.buffered()).isZero();
        for (JobId id : waiting) {
            assertThat(stored(id).state()).isEqualTo(JobState.PENDING);
            assertThat(stored(id).attempts()).isZero();
        }
    }

    private static JobHandlers noopHandler() {
        return JobHandlers.builder()
                .register("noop", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                .build();
    }

    /** {@code noop} returns at once (it teaches the worker that handlers are quick); {@code hang} never returns. */
    private JobHandlers hangingAfterWarmUp() {
        return JobHandlers.builder()
                .register("noop", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                .register("hang", job -> {
                    hangStarted.countDown();
                    new CountDownLatch(1).await();
                    return HandlerResult.success(Json.EMPTY_OBJECT);
                })
                .build();
    }

    /** Runs one quick job, then claims a hanging job and three more, which wait in the buffer behind it. */
    private List<JobId> bufferBehindAHangingJob(Worker subject) throws InterruptedException {
        submit(JobRequest.ofType("noop"));
        assertThat(subject.poll()).isEqualTo(1);
        assertThat(subject.awaitIdle(WAIT)).isTrue();
        submit(JobRequest.ofType("hang").withPriority(1));
        List<JobId> waiting = IntStream.range(0, 3)
                .mapToObj(i -> submit(JobRequest.ofType("noop").withPriority(9)))
                .toList();
        assertThat(subject.poll()).isEqualTo(4);
        assertThat(hangStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(subject.buffered()).isEqualTo(3);
        return waiting;
    }

    @Test
    void runsOnItsOwnWhenStarted() {
        worker = app.worker(
                4,
                JobHandlers.builder()
                        .register("noop", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                        .build());
        List<JobId> ids = IntStream.range(0, 20)
                .mapToObj(i -> submit(JobRequest.ofType("noop")))
                .toList();

        assertThat(worker.isRunning()).as("before start").isFalse();
        worker.start();
        worker.wake();
        assertThat(worker.isRunning()).isTrue();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ids.stream().allMatch(id -> stored(id).state() == JobState.COMPLETED)) {
            assertThat(System.nanoTime()).as("all jobs complete in time").isLessThan(deadline);
            worker.awaitIdle(Duration.ofMillis(20));
        }
        Worker stopped = worker;
        worker = null; // shut down here, not again after the test
        stopped.shutdown(Duration.ZERO);
        assertThat(stopped.isRunning()).as("after shutdown").isFalse();
    }

    @Test
    void eachQueueRunsOnSlotsOfItsOwn() throws Exception {
        CountDownLatch reportsGate = new CountDownLatch(1);
        CountDownLatch defaultGate = new CountDownLatch(1);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
        JobHandler blockOn = job -> {
            String queue = job.queue();
            int now = running.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet();
            mostAtOnce.computeIfAbsent(queue, q -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                (queue.equals("reports") ? reportsGate : defaultGate).await();
            } finally {
                running.get(queue).decrementAndGet();
            }
            return HandlerResult.success(Json.EMPTY_OBJECT);
        };
        worker = app.worker(
                List.of(QueueConcurrency.of("default", 2), QueueConcurrency.of("reports", 2)),
                0,
                JobHandlers.builder().register("work", blockOn).build());
        // The reports come first in claim order: with shared slots they would take every slot.
        List<JobId> reports = IntStream.range(0, 4)
                .mapToObj(i ->
                        submit(JobRequest.ofType("work").withQueue("reports").withPriority(1)))
                .toList();
        List<JobId> defaults = IntStream.range(0, 3)
                .mapToObj(i -> submit(JobRequest.ofType("work")))
                .toList();

        assertThat(worker.poll()).as("two slots for each queue").isEqualTo(4);
        awaitRunning(running, "default", 2);
        awaitRunning(running, "reports", 2);
        assertThat(worker.poll()).as("every queue is full").isZero();

        defaultGate.countDown();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!defaults.stream().allMatch(id -> stored(id).state() == JobState.COMPLETED)) {
            assertThat(System.nanoTime())
                    .as("default drains while reports hold their slots")
                    .isLessThan(deadline);
            worker.poll();
            Thread.yield();
        }
        assertThat(reports.stream().map(this::stored).map(Job::state))
                .containsExactlyInAnyOrder(JobState.RUNNING, JobState.RUNNING, JobState.PENDING, JobState.PENDING);
        awaitInFlight(2);

        reportsGate.countDown();
        drainUntil(() -> reports.stream().allMatch(id -> stored(id).state() == JobState.COMPLETED));
        assertThat(reports.stream().map(this::stored).map(Job::state)).containsOnly(JobState.COMPLETED);
        assertThat(mostAtOnce.get("reports"))
                .as("reports never exceeds its two slots")
                .hasValue(2);
        assertThat(mostAtOnce.get("default"))
                .as("default never exceeds its two slots")
                .hasValue(2);
    }

    @Test
    void theLeasesOfAllHeldJobsAreExtendedWithOneStoreCallPerTick() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        worker = app.worker(
                List.of(QueueConcurrency.of("default", 2), QueueConcurrency.of("reports", 1)),
                0,
                JobHandlers.builder()
                        .register("long", job -> {
                            finish.await();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        List<JobId> ids = List.of(
                submit(JobRequest.ofType("long").withTimeoutSeconds(3600)),
                submit(JobRequest.ofType("long").withTimeoutSeconds(3600)),
                submit(JobRequest.ofType("long").withQueue("reports").withTimeoutSeconds(3600)));
        assertThat(worker.poll()).isEqualTo(3);
        awaitInFlight(3);

        app.clock.advance(Duration.ofSeconds(20));
        app.store.forget();
        worker.heartbeat();

        assertThat(app.store.applied()).as("one store call for the tick").hasSize(1);
        List<JobChange> batch = app.store.applied().getFirst();
        assertThat(batch).extracting(JobChange::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(batch)
                .as("each carries the job as claimed, so PostgreSQL extends them with one compare-and-set")
                .allSatisfy(change -> assertThat(change.leased()).isNotNull());
        for (JobId id : ids) {
            assertThat(stored(id).leaseExpiresAt()).isEqualTo(app.clock.now().plus(UseCases.LEASE));
        }

        app.store.forget();
        worker.heartbeat();
        assertThat(app.store.applied())
                .as("no lease is running low: nothing to write")
                .isEmpty();

        finish.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(ids.stream().map(this::stored).map(Job::state)).containsOnly(JobState.COMPLETED);
    }

    @Test
    void aLeaseLostInABatchHeartbeatStopsThatAttemptAloneAndDiscardsItsResult() throws Exception {
        HeldHandler held = new HeldHandler(3);
        worker = app.worker(3, JobHandlers.builder().register("slow", held).build());
        JobId lost = submit(JobRequest.ofType("slow"));
        assertThat(worker.poll()).isEqualTo(1);
        app.clock.advance(Duration.ofSeconds(20));
        List<JobId> kept = List.of(submit(JobRequest.ofType("slow")), submit(JobRequest.ofType("slow")));
        assertThat(worker.poll()).isEqualTo(2);
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        // The first lease ran out at 30 s and is reaped; the others run until 50 s and are due for a heartbeat too.
        app.clock.advance(Duration.ofSeconds(16));
        assertThat(app.reaper.reap()).isEqualTo(1);
        app.store.forget();

        worker.heartbeat();

        assertThat(app.store.applied()).hasSize(1);
        assertThat(app.store.applied().getFirst()).hasSize(3);
        assertThat(worker.inFlight())
                .as("the lost attempt's slot is free at once")
                .isEqualTo(2);
        assertThat(held.interrupted(lost).await(10, TimeUnit.SECONDS)).isTrue();
        for (JobId id : kept) {
            assertThat(stored(id).state()).isEqualTo(JobState.RUNNING);
            assertThat(stored(id).leaseExpiresAt()).isEqualTo(app.clock.now().plus(UseCases.LEASE));
            assertThat(held.interrupted(id).getCount()).as("still running").isEqualTo(1);
        }

        held.finish.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(kept.stream().map(this::stored).map(Job::state)).containsOnly(JobState.COMPLETED);
        Job job = stored(lost);
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.result()).as("the stopped attempt's result is discarded").isNull();
        assertThat(job.lastError()).isEqualTo("lease expired");
    }

    @Test
    void aTimeoutIsRecordedAsAFailedAttemptThroughTheResultPath() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        worker = app.worker(
                1,
                JobHandlers.builder()
                        .register("hang", job -> {
                            started.countDown();
                            new CountDownLatch(1).await();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build());
        JobId id = submit(JobRequest.ofType("hang").withTimeoutSeconds(2).withMaxAttempts(1));
        worker.poll();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Job claimed = stored(id);
        app.clock.advance(Duration.ofSeconds(2));
        app.store.forget();

        worker.enforceTimeouts();

        assertThat(app.store.applied())
                .as("one failure report, carrying the job as claimed, as the recorder writes every result")
                .singleElement()
                .satisfies(batch -> assertThat(batch).singleElement().satisfies(change -> {
                    assertThat(change.id()).isEqualTo(id);
                    assertThat(change.leased()).isEqualTo(claimed);
                }));
        Job dead = stored(id);
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.errors()).singleElement().satisfies(error -> {
            assertThat(error.attempt()).isEqualTo(1);
            assertThat(error.message()).isEqualTo("timed out after 2 seconds");
        });
        assertThat(app.observedEvents())
                .containsExactly(LifecycleEvent.CREATED, LifecycleEvent.STARTED, LifecycleEvent.DEAD);
        assertThat(worker.inFlight()).isZero();
    }

    private static void awaitRunning(Map<String, AtomicInteger> running, String queue, int expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running.getOrDefault(queue, new AtomicInteger()).get() != expected) {
            assertThat(System.nanoTime())
                    .as(queue + " runs " + expected + " handlers")
                    .isLessThan(deadline);
            Thread.yield();
        }
    }

    /**
     * Polls and lets the handlers finish until {@code done}. Not "until a poll claims nothing and nothing is in flight":
     * a poll finds every slot busy and claims nothing, then the handlers finish before the in-flight count is read,
     * and pending jobs would be left behind.
     */
    private void drainUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("drained within " + WAIT).isLessThan(deadline);
            if (worker.poll() == 0) {
                worker.awaitIdle(Duration.ofMillis(50));
            }
        }
    }

    private void awaitInFlight(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (worker.inFlight() != expected) {
            assertThat(System.nanoTime())
                    .as("in-flight count reaches " + expected)
                    .isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
