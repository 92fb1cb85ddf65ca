package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.StoreUnavailableException;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobEvent;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The worker against a store that fails at the worst moments: in the middle of a completion batch, during a claim,
 * during a heartbeat batch. The store is the in-memory one behind a Mockito mock of the {@link JobRepository} port that
 * delegates to it, so a test can make one call fail ({@code doThrow}) or change one answer ({@code doAnswer}) and
 * count and capture the calls ({@code verify}, {@link ArgumentCaptor}); the clock is the settable one. Everything
 * else about the worker is {@link WorkerTest}'s.
 */
class WorkerStoreFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository memory = new InMemoryJobRepository(new Random(21));
    private final JobRepository store = mock(JobRepository.class, delegatesTo(memory));
    private final SubmitJob submit = new SubmitJob(memory, clock, new Random(1));
    private Worker worker;

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.shutdown(Duration.ZERO);
        }
    }

    private Worker worker(int concurrency, JobHandlers handlers) {
        return new Worker(
                new WorkerSettings("w", List.of(QueueConcurrency.of("default", concurrency)), LEASE, POLL_INTERVAL, 0),
                handlers,
                new LeaseJobs(store, clock),
                new Heartbeat(store, clock),
                new CompleteJob(store, clock),
                new FailJob(store, clock, UseCases.RETRY_POLICY.backoff(new Random(7))),
                new SnoozeJob(store, clock),
                new ReleaseJobs(store, clock),
                clock);
    }

    private static StoreUnavailableException unavailable() {
        return new StoreUnavailableException("the job store is unavailable: connection refused", null);
    }

    private JobId submit(JobRequest request) {
        return submit.submit(request).job().id();
    }

    private Job stored(JobId id) {
        return memory.find(id).orElseThrow();
    }

    // --- a store that fails in the middle of a completion batch ---

    @Test
    void resultsTheStoreCouldNotTakeAreKeptAndWrittenOnceWhenItIsBack() throws Exception {
        CountDownLatch allFinished = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        worker = worker(
                4,
                JobHandlers.builder()
                        .register("echo", job -> {
                            allFinished.countDown();
                            release.await();
                            return HandlerResult.success(job.payload());
                        })
                        .register("strict", job -> {
                            allFinished.countDown();
                            release.await();
                            return HandlerResult.permanent("payload is not valid");
                        })
                        .build());
        List<JobId> echoes = IntStream.range(0, 3)
                .mapToObj(i -> submit(JobRequest.ofType("echo").withPayload(new Json("{\"n\":" + i + "}"))))
                .toList();
        JobId strict = submit(JobRequest.ofType("strict"));
        // The store is down for the first three writes, whatever they carry, then back.
        doThrow(unavailable())
                .doThrow(unavailable())
                .doThrow(unavailable())
                .doAnswer(delegatesTo(memory))
                .when(store)
                .apply(anyList());

        assertThat(worker.poll()).isEqualTo(4);
        assertThat(allFinished.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThat(worker.awaitIdle(WAIT))
                .as("every result recorded in the end")
                .isTrue();

        for (int i = 0; i < echoes.size(); i++) {
            Job done = stored(echoes.get(i));
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.result()).isEqualTo(new Json("{\"n\":" + i + "}"));
            assertThat(done.attempts()).isEqualTo(1);
        }
        assertThat(stored(strict).state()).isEqualTo(JobState.FAILED);
        assertThat(stored(strict).errors()).as("the failure is recorded once").hasSize(1);

        ArgumentCaptor<List<JobChange>> batches = ArgumentCaptor.captor();
        verify(store, atLeast(4)).apply(batches.capture());
        List<List<JobChange>> calls = batches.getAllValues();
        List<JobId> refused = ids(calls.subList(0, 3));
        List<JobId> written = ids(calls.subList(3, calls.size()));
        assertThat(refused).as("the refused writes carried results").isNotEmpty();
        assertThat(written)
                .as("each result written exactly once, the refused ones included")
                .containsExactlyInAnyOrderElementsOf(concat(echoes, List.of(strict)));

        JobId later = submit(JobRequest.ofType("echo"));
        assertThat(worker.poll()).as("the worker goes on").isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(stored(later).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void aTimeoutTheStoreCouldNotTakeIsWrittenOnceItIsBack() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        worker = worker(
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
        doThrow(unavailable()).doAnswer(delegatesTo(memory)).when(store).apply(anyList());
        clock.advance(Duration.ofSeconds(2));

        worker.enforceTimeouts();

        assertThat(worker.inFlight())
                .as("the slot is freed at once all the same")
                .isZero();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        Job dead = stored(id);
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("timed out after 2 seconds"));
        verify(store, times(2)).apply(anyList());
    }

    // --- a store that fails during a claim ---

    @Test
    void aClaimThatFailsThrowsToTheCallerAndHoldsNoSlot() {
        worker = worker(2, noop());
        JobId id = submit(JobRequest.ofType("noop"));
        doThrow(unavailable()).doAnswer(delegatesTo(memory)).when(store).claim(any(ClaimRequest.class));

        assertThatThrownBy(worker::poll).isInstanceOf(StoreUnavailableException.class);
        assertThat(worker.inFlight()).isZero();
        assertThat(worker.buffered()).isZero();

        assertThat(worker.poll()).isEqualTo(1);
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(stored(id).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void startedItOutlivesFailingClaimsPausingBetweenThemAndClaimsOnceTheStoreIsBack() {
        List<Long> claimedAt = new CopyOnWriteArrayList<>();
        doAnswer(invocation -> {
                    claimedAt.add(System.nanoTime());
                    if (claimedAt.size() <= 3) {
                        throw unavailable();
                    }
                    return memory.claim(invocation.getArgument(0));
                })
                .when(store)
                .claim(any(ClaimRequest.class));
        worker = worker(2, noop());
        List<JobId> ids = IntStream.range(0, 5)
                .mapToObj(i -> submit(JobRequest.ofType("noop")))
                .toList();

        worker.start();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ids.stream().allMatch(id -> stored(id).state() == JobState.COMPLETED)) {
            assertThat(System.nanoTime())
                    .as("all jobs complete once the store is back")
                    .isLessThan(deadline);
            worker.awaitIdle(Duration.ofMillis(20));
        }
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(worker.inFlight()).as("no slot leaked").isZero();
        assertThat(worker.buffered()).isZero();
        for (int i = 1; i <= 3; i++) {
            assertThat(Duration.ofNanos(claimedAt.get(i) - claimedAt.get(i - 1)))
                    .as("after failed claim %d it waits a poll interval instead of hammering the store", i)
                    .isGreaterThanOrEqualTo(POLL_INTERVAL.dividedBy(2));
        }
    }

    // --- a heartbeat batch that fails ---

    @Test
    void anOutageOfManyTicksLogsOneLineWhenHeartbeatsStartFailingAndOneWhenTheyWorkAgain() throws Exception {
        // System.Logger goes to java.util.logging here (no other backend on this module's test path).
        java.util.logging.Logger keeperLog =
                java.util.logging.Logger.getLogger("dev.jobprocessor.application.worker.LeaseKeeper");
        List<java.util.logging.LogRecord> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        keeperLog.addHandler(capture);
        try {
            HeldHandler held = new HeldHandler(1);
            worker = worker(1, JobHandlers.builder().register("long", held).build());
            submit(JobRequest.ofType("long").withTimeoutSeconds(3600));
            assertThat(worker.poll()).isEqualTo(1);
            assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
            doThrow(unavailable()).when(store).apply(anyList());
            clock.advance(Duration.ofSeconds(15)); // half the lease left: a heartbeat is due at every tick from now

            for (int tick = 0; tick < 5; tick++) {
                clock.advance(Duration.ofSeconds(1));
                worker.heartbeat();
            }
            doAnswer(delegatesTo(memory)).when(store).apply(anyList());
            clock.advance(Duration.ofSeconds(1));
            worker.heartbeat();
        } finally {
            keeperLog.removeHandler(capture);
        }

        assertThat(lines)
                .extracting(java.util.logging.LogRecord::getLevel, java.util.logging.LogRecord::getMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                java.util.logging.Level.WARNING,
                                "worker w: the heartbeat failed; trying again each round, and saying so when it works: 1"
                                        + " job(s) due: " + unavailable()),
                        org.assertj.core.groups.Tuple.tuple(
                                java.util.logging.Level.INFO,
                                "worker w: the heartbeat works again after 5 failed round(s)"));
    }

    @Test
    void aFailedHeartbeatBatchKeepsEveryAttemptRunningAndALeaseLostAtTheNextStopsThatAttemptAlone() throws Exception {
        HeldHandler held = new HeldHandler(3);
        worker = worker(3, JobHandlers.builder().register("long", held).build());
        List<JobId> ids = IntStream.range(0, 3)
                .mapToObj(i -> submit(JobRequest.ofType("long").withTimeoutSeconds(3600)))
                .toList();
        JobId lost = ids.getFirst();
        List<JobId> kept = ids.subList(1, 3);
        assertThat(worker.poll()).isEqualTo(3);
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        Instant claimedLeaseEnd = stored(lost).leaseExpiresAt();
        // Tick 1: the store is down. Tick 2: it is back, and reports the first job's lease as lost.
        doThrow(unavailable())
                .doAnswer(invocation -> reportLeaseLost(invocation.getArgument(0), lost))
                .doAnswer(delegatesTo(memory))
                .when(store)
                .apply(anyList());

        clock.advance(Duration.ofSeconds(20));
        worker.heartbeat();

        assertThat(worker.inFlight()).as("a failed heartbeat stops nothing").isEqualTo(3);
        for (JobId id : ids) {
            assertThat(stored(id).leaseExpiresAt()).isEqualTo(claimedLeaseEnd);
            assertThat(held.interrupted(id).getCount()).isEqualTo(1);
        }

        clock.advance(Duration.ofSeconds(5));
        worker.heartbeat();

        ArgumentCaptor<List<JobChange>> batches = ArgumentCaptor.captor();
        verify(store, times(2)).apply(batches.capture());
        assertThat(batches.getAllValues())
                .as("the failed batch is sent again, whole, at the next tick")
                .allSatisfy(
                        batch -> assertThat(batch).extracting(JobChange::id).containsExactlyInAnyOrderElementsOf(ids));
        assertThat(worker.inFlight())
                .as("only the lost attempt's slot is freed")
                .isEqualTo(2);
        assertThat(held.interrupted(lost).await(10, TimeUnit.SECONDS)).isTrue();
        for (JobId id : kept) {
            assertThat(stored(id).leaseExpiresAt()).isEqualTo(clock.now().plus(LEASE));
            assertThat(held.interrupted(id).getCount()).as("still running").isEqualTo(1);
        }

        held.finish.countDown();
        assertThat(worker.awaitIdle(WAIT)).isTrue();
        assertThat(kept.stream().map(this::stored).map(Job::state)).containsOnly(JobState.COMPLETED);
        assertThat(stored(lost).result())
                .as("the stopped attempt's result is discarded")
                .isNull();
    }

    /** The store's answer to {@code changes}, except that {@code lost}'s lease is reported lost (and left alone). */
    private List<ChangeOutcome> reportLeaseLost(List<JobChange> changes, JobId lost) {
        List<ChangeOutcome> others = new ArrayList<>(memory.apply(
                changes.stream().filter(change -> !change.id().equals(lost)).toList()));
        List<ChangeOutcome> outcomes = new ArrayList<>();
        for (JobChange change : changes) {
            outcomes.add(
                    change.id().equals(lost)
                            ? new ChangeOutcome.Rejected(lost, new LeaseLostException(lost, JobEvent.HEARTBEAT))
                            : others.removeFirst());
        }
        return outcomes;
    }

    private static JobHandlers noop() {
        return JobHandlers.builder()
                .register("noop", job -> HandlerResult.success(Json.EMPTY_OBJECT))
                .build();
    }

    private static List<JobId> ids(List<List<JobChange>> batches) {
        return batches.stream().flatMap(List::stream).map(JobChange::id).toList();
    }

    private static List<JobId> concat(List<JobId> first, List<JobId> second) {
        List<JobId> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
