package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.UniqueRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many threads against one real PostgreSQL at once: every job is handled exactly once. */
class PostgresConcurrencyTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Backoff NO_BACKOFF = attempt -> Duration.ZERO;

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(System.nanoTime());

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    private void enqueueMany(int count) {
        for (int from = 0; from < count; from += 500) {
            List<Submission> batch = IntStream.range(from, Math.min(count, from + 500))
                    .mapToObj(i -> submissions.ofType("work", clock.now()))
                    .toList();
            repository.enqueue(batch);
        }
    }

    private List<Job> claimAll(int count) {
        List<Job> claimed =
                repository.claim(new ClaimRequest("w", List.of("default"), Set.of(), count, LEASE, clock.now()));
        assertThat(claimed).hasSize(count);
        return claimed;
    }

    @Test
    void eightClaimersTakeTwoThousandJobsEachExactlyOnce() throws Exception {
        enqueueMany(2_000);
        Map<JobId, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();

        runConcurrently(8, i -> () -> {
            String worker = "worker-" + i;
            List<Job> batch;
            do {
                batch = repository.claim(
                        new ClaimRequest(worker, List.of("default"), Set.of(), 10, LEASE, clock.now()));
                for (Job job : batch) {
                    if (claimedBy.putIfAbsent(job.id(), worker) != null) {
                        duplicates.incrementAndGet();
                    }
                    assertThat(job.leaseOwner()).isEqualTo(worker);
                }
                List<ChangeOutcome> outcomes = repository.apply(batch.stream()
                        .map(job -> new JobChange(
                                job.id(), j -> j.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now())))
                        .toList());
                assertThat(outcomes).allMatch(ChangeOutcome.Applied.class::isInstance);
            } while (!batch.isEmpty());
            return null;
        });

        assertThat(duplicates).hasValue(0);
        assertThat(claimedBy).hasSize(2_000);
        assertThat(claimedBy.values().stream().distinct().count())
                .as("the work was shared")
                .isGreaterThan(1);
        assertThat(countInState(JobState.COMPLETED)).isEqualTo(2_000);
        assertThat(countInState(JobState.RUNNING)).isZero();
    }

    @Test
    void fiftyConcurrentIdenticalSubmissionsCreateOneJob() throws Exception {
        SubmitJob submit = new SubmitJob(repository, clock, new SecureRandom());
        JobRequest request = JobRequest.ofType("charge")
                .withPayload(new Json("{\"amount\":100}"))
                .withIdempotencyKey("order-4711");

        List<Enqueued> results = runConcurrently(50, i -> () -> submit.submit(request));

        assertThat(results).filteredOn(Enqueued::created).hasSize(1);
        assertThat(results.stream().map(e -> e.job().id()).distinct()).hasSize(1);
        assertThat(repository.list(JobQuery.firstPage(100)).jobs()).hasSize(1);
    }

    @Test
    void fiftyConcurrentIdenticalUniqueSubmissionsCreateOneJob() throws Exception {
        SubmitJob submit = new SubmitJob(repository, clock, new SecureRandom());
        JobRequest request = JobRequest.ofType("rebuild-index")
                .withPayload(new Json("{\"index\":\"products\"}"))
                .withUnique(UniqueRequest.identical());

        List<Enqueued> results = runConcurrently(50, i -> () -> submit.submit(request));

        assertThat(results).filteredOn(Enqueued::created).hasSize(1);
        assertThat(results).filteredOn(Enqueued::duplicate).hasSize(49);
        assertThat(results.stream().map(e -> e.job().id()).distinct()).hasSize(1);
        assertThat(repository.list(JobQuery.firstPage(100)).jobs()).hasSize(1);
    }

    /**
     * Single submits from many threads share transactions (GroupCommit); a conflicting idempotency key among them
     * must fail only its own call, and every other job must be stored exactly once.
     */
    @Test
    void concurrentSingleSubmitsWithConflictingKeysAmongThemFailOnlyTheirOwnCalls() throws Exception {
        SubmitJob submit = new SubmitJob(repository, clock, new SecureRandom());
        submit.submit(JobRequest.ofType("charge")
                .withPayload(new Json("{\"amount\":1}"))
                .withIdempotencyKey("taken"));
        int threads = 16;
        int perThread = 25;

        List<List<String>> outcomes = runConcurrently(threads, t -> () -> {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                boolean conflicting = i % 10 == 3;
                JobRequest request = conflicting
                        ? JobRequest.ofType("charge")
                                .withPayload(new Json("{\"amount\":" + (t + 2) + "}"))
                                .withIdempotencyKey("taken")
                        : JobRequest.ofType("work").withIdempotencyKey("t" + t + "-" + i);
                try {
                    Enqueued enqueued = submit.submit(request);
                    mine.add(enqueued.created() ? "created" : "found");
                } catch (dev.jobprocessor.domain.IdempotencyConflictException e) {
                    mine.add(conflicting ? "conflict" : "unexpected conflict");
                }
            }
            return mine;
        });

        List<String> all = outcomes.stream().flatMap(List::stream).toList();
        int conflicts = threads * (perThread / 10 + (perThread % 10 > 3 ? 1 : 0));
        assertThat(all).filteredOn("conflict"::equals).hasSize(conflicts);
        assertThat(all).filteredOn("created"::equals).hasSize(threads * perThread - conflicts);
        assertThat(repository.list(JobQuery.firstPage(1_000)).jobs()).hasSize(threads * perThread - conflicts + 1);
    }

    @Test
    void batchesSharingKeysInOppositeOrdersNeverDeadlock() throws Exception {
        SubmitJob submit = new SubmitJob(repository, clock, new SecureRandom());
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(6);
        List<Integer> created = runConcurrently(6, i -> () -> {
            int mine = 0;
            java.util.Random order = new java.util.Random(i);
            for (int round = 0; round < 15; round++) {
                // fresh keys each round, so every thread inserts them at the same time in its own order
                String prefix = "round-" + round + "-key-";
                List<JobRequest> batch = new ArrayList<>(IntStream.range(0, 12)
                        .mapToObj(k -> JobRequest.ofType("sync").withIdempotencyKey(prefix + k))
                        .toList());
                java.util.Collections.shuffle(batch, order);
                together.await(30, TimeUnit.SECONDS);
                mine += (int) submit.submitAll(batch).stream()
                        .filter(Enqueued::created)
                        .count();
            }
            return mine;
        });

        assertThat(created.stream().mapToInt(Integer::intValue).sum()).isEqualTo(15 * 12);
        assertThat(countInState(JobState.PENDING)).isEqualTo(15 * 12);
    }

    @Test
    void fourReapersAtOnceExpireEachLeaseOnce() throws Exception {
        enqueueMany(500);
        claimAll(500);
        clock.advance(LEASE);

        List<Integer> reaped =
                runConcurrently(4, i -> () -> new ReapExpiredLeases(repository, clock, NO_BACKOFF, 25).reap());

        assertThat(reaped.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
        List<Job> pending = allJobs();
        assertThat(pending).hasSize(500).allSatisfy(job -> {
            assertThat(job.state()).isEqualTo(JobState.PENDING);
            assertThat(job.errors()).hasSize(1);
        });
    }

    @Test
    void completionsRacingTheReaperLeaveEachJobInOneValidState() throws Exception {
        completeAllWhileTheReaperRuns(1, false);
    }

    /** The compare-and-set path (changes carrying the claimed snapshot, in batches) against the locking reaper. */
    @Test
    void snapshotCompletionBatchesRacingTheReaperLeaveEachJobInOneValidState() throws Exception {
        completeAllWhileTheReaperRuns(20, true);
    }

    /**
     * 300 expired leases; one thread completes them in batches of {@code batchSize} (with or without the claimed
     * snapshot) while a reaper hands them back: each job ends completed or pending, never both, never neither.
     */
    private void completeAllWhileTheReaperRuns(int batchSize, boolean fromSnapshot) throws Exception {
        enqueueMany(300);
        List<Job> running = claimAll(300);
        clock.advance(LEASE);

        List<Integer> counts = runConcurrently(
                2,
                i -> i == 0
                        ? () -> new ReapExpiredLeases(repository, clock, NO_BACKOFF, 20).reap()
                        : () -> {
                            int completed = 0;
                            for (int from = 0; from < running.size(); from += batchSize) {
                                List<JobChange> batch =
                                        running.subList(from, Math.min(from + batchSize, running.size())).stream()
                                                .map(job -> new JobChange(
                                                        job.id(),
                                                        j -> j.completing(
                                                                job.leaseToken(), Json.EMPTY_OBJECT, clock.now()),
                                                        fromSnapshot ? job : null))
                                                .toList();
                                completed += (int) repository.apply(batch).stream()
                                        .filter(ChangeOutcome.Applied.class::isInstance)
                                        .count();
                            }
                            return completed;
                        });

        int reaped = counts.get(0);
        int completed = counts.get(1);
        assertThat(reaped + completed).isEqualTo(300);
        assertThat(countInState(JobState.COMPLETED)).isEqualTo(completed);
        assertThat(countInState(JobState.PENDING)).isEqualTo(reaped);
        assertThat(allJobs())
                .allSatisfy(job -> assertThat(job.errors()).hasSize(job.state() == JobState.COMPLETED ? 0 : 1));
    }

    private List<Job> allJobs() {
        List<Job> jobs = new ArrayList<>();
        JobQuery query = JobQuery.firstPage(500);
        while (true) {
            var page = repository.list(query);
            jobs.addAll(page.jobs());
            if (page.nextCursor() == null) {
                return jobs;
            }
            query = query.after(page.nextCursor());
        }
    }

    private long countInState(JobState state) {
        return allJobs().stream().filter(job -> job.state() == state).count();
    }

    private static <T> List<T> runConcurrently(int threads, IntFunction<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> task = tasks.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
