package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.InvalidTransitionException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseLostException;
import dev.jobprocessor.domain.LeaseToken;
import dev.jobprocessor.domain.SnoozeLimitReachedException;
import dev.jobprocessor.domain.Step;
import dev.jobprocessor.domain.TraceParent;
import dev.jobprocessor.domain.Transition;
import dev.jobprocessor.domain.UniqueRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link JobRepository}, {@link StatisticsReader} and {@link JobPurger}: every adapter
 * extends this class, supplies an empty repository, the reads and the purges over it, and must pass every test
 * unchanged. Time comes from a {@link SettableClock}; nothing sleeps.
 */
public abstract class JobRepositoryContract {

    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected static final Backoff TEN_SECONDS = attempt -> Duration.ofSeconds(10);

    protected final SettableClock clock = new SettableClock();
    protected final Submissions submissions = new Submissions(42);
    protected JobRepository repository;
    protected StatisticsReader statistics;
    protected JobPurger purger;

    /** A repository holding no jobs; called before every test. */
    protected abstract JobRepository emptyRepository();

    /** The operator's reads over the same store as {@code repository}. */
    protected abstract StatisticsReader statisticsOf(JobRepository repository);

    /** The purges over the same store as {@code repository}. */
    protected abstract JobPurger purgerOf(JobRepository repository);

    @BeforeEach
    void startEmpty() {
        repository = emptyRepository();
        statistics = statisticsOf(repository);
        purger = purgerOf(repository);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    protected Job enqueue(JobRequest request) {
        return repository
                .enqueue(List.of(submissions.of(request, clock.now())))
                .getFirst()
                .job();
    }

    protected Job enqueue(String type) {
        return enqueue(JobRequest.ofType(type));
    }

    protected List<Job> claim(int limit) {
        return claim(limit, List.of("default"), Set.of());
    }

    protected List<Job> claim(int limit, List<String> queues, Set<String> types) {
        return repository.claim(new ClaimRequest("worker-1", queues, types, limit, LEASE, clock.now()));
    }

    protected Job claimOne() {
        List<Job> claimed = claim(1);
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }

    protected ChangeOutcome applyOne(JobId id, Function<Job, Step> transition) {
        return repository.apply(List.of(new JobChange(id, transition))).getFirst();
    }

    protected Job applied(JobId id, Function<Job, Step> transition) {
        ChangeOutcome outcome = applyOne(id, transition);
        assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
        return ((ChangeOutcome.Applied) outcome).after();
    }

    protected Job stored(JobId id) {
        return repository.find(id).orElseThrow();
    }

    // ---- enqueue and find ----------------------------------------------------------------------------------

    /** The store's counts add up to {@code jobs} and agree with them group by group (queue, type, state). */
    protected void assertCountsAgreeWith(List<Job> jobs) {
        List<JobCount> counts = statistics.counts();
        assertThat(counts.stream().mapToLong(JobCount::count).sum()).isEqualTo(jobs.size());
        for (JobCount count : counts) {
            assertThat(jobs.stream()
                            .filter(j -> j.queue().equals(count.queue())
                                    && j.type().equals(count.type())
                                    && j.state() == count.state())
                            .count())
                    .as("%s", count)
                    .isEqualTo(count.count());
        }
    }

    @Nested
    class EnqueueAndFind {

        @Test
        void storesAPendingJobExactlyAsSubmitted() {
            Submission submission = submissions.of(
                    JobRequest.ofType("email.send")
                            .withQueue("mail")
                            .withPayload(new Json("{\"to\":\"a@example.com\",\"n\":[1,2]}"))
                            .withPriority(2)
                            .withMaxAttempts(7)
                            .withTimeoutSeconds(60)
                            .withIdempotencyKey("order-17"),
                    clock.now());

            List<Enqueued> result = repository.enqueue(List.of(submission));

            assertThat(result).containsExactly(new Enqueued(submission.job(), true));
            assertThat(repository.find(submission.job().id())).contains(submission.job());
            assertThat(stored(submission.job().id()).state()).isEqualTo(JobState.PENDING);
        }

        @Test
        void keepsTheTraceAJobWasSubmittedInThroughItsAttempt() {
            Submission plain = submissions.of(JobRequest.ofType("traced"), clock.now());
            TraceParent trace = new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            Job traced =
                    Job.create(plain.job().id(), JobRequest.ofType("traced").validate(), clock.now(), null, trace);

            repository.enqueue(List.of(new Submission(traced, plain.fingerprint())));

            assertThat(stored(traced.id()).traceParent()).isEqualTo(trace);
            assertThat(claim(1, List.of("default"), Set.of("traced")))
                    .singleElement()
                    .satisfies(claimed -> assertThat(claimed.traceParent()).isEqualTo(trace));
        }

        @Test
        void findsNothingForAnUnknownId() {
            assertThat(repository.find(JobId.newId(clock.now(), new java.util.Random(1))))
                    .isEmpty();
        }

        @Test
        void storesABatchInOrder() {
            List<Submission> batch = IntStream.range(0, 5)
                    .mapToObj(i -> submissions.ofType("batch.item", clock.now()))
                    .toList();

            List<Enqueued> result = repository.enqueue(batch);

            assertThat(result)
                    .extracting(Enqueued::job)
                    .containsExactlyElementsOf(
                            batch.stream().map(Submission::job).toList());
            assertThat(result).allMatch(Enqueued::created);
            batch.forEach(s -> assertThat(repository.find(s.job().id())).contains(s.job()));
        }

        @Test
        void keepsPayloadTextExactly() {
            Json payload = new Json("{\"b\":1,\"a\":{\"nested\":[true,null,\"x\\u00e9\"]}}");
            Job job = enqueue(JobRequest.ofType("echo").withPayload(payload));
            assertThat(stored(job.id()).payload()).isEqualTo(payload);
        }
    }

    // ---- idempotency ---------------------------------------------------------------------------------------

    @Nested
    class Idempotency {

        @Test
        void theSameRequestAgainReturnsTheExistingJob() {
            JobRequest request = JobRequest.ofType("charge").withIdempotencyKey("payment-1");
            Job first = enqueue(request);

            clock.advance(Duration.ofSeconds(5));
            List<Enqueued> again = repository.enqueue(List.of(submissions.of(request, clock.now())));

            assertThat(again).containsExactly(new Enqueued(first, false));
            assertThat(repository.list(JobQuery.firstPage(10)).jobs()).containsExactly(first);
        }

        @Test
        void aDifferentRequestWithTheSameKeyConflictsAndChangesNothing() {
            Job first = enqueue(JobRequest.ofType("charge").withIdempotencyKey("payment-1"));

            Submission different = submissions.of(
                    JobRequest.ofType("charge").withIdempotencyKey("payment-1").withPriority(1), clock.now());

            assertThatThrownBy(() -> repository.enqueue(List.of(different)))
                    .isInstanceOfSatisfying(IdempotencyConflictException.class, e -> {
                        assertThat(e.idempotencyKey()).isEqualTo("payment-1");
                        assertThat(e.existingJobId()).isEqualTo(first.id());
                    });
            assertThat(repository.find(different.job().id())).isEmpty();
            assertThat(stored(first.id())).isEqualTo(first);
        }

        @Test
        void aConflictInABatchStoresNoneOfIt() {
            enqueue(JobRequest.ofType("charge").withIdempotencyKey("taken"));
            Submission fresh = submissions.ofType("fresh", clock.now());
            Submission conflicting =
                    submissions.of(JobRequest.ofType("other").withIdempotencyKey("taken"), clock.now());

            assertThatThrownBy(() -> repository.enqueue(List.of(fresh, conflicting)))
                    .isInstanceOf(IdempotencyConflictException.class);

            assertThat(repository.find(fresh.job().id())).isEmpty();
            assertThat(repository.list(JobQuery.firstPage(10)).jobs()).hasSize(1);
        }

        @Test
        void aBatchMayMixNewJobsAndRepeats() {
            JobRequest repeated = JobRequest.ofType("charge").withIdempotencyKey("k-1");
            Job existing = enqueue(repeated);
            Submission fresh = submissions.ofType("fresh", clock.now());

            List<Enqueued> result = repository.enqueue(List.of(submissions.of(repeated, clock.now()), fresh));

            assertThat(result).containsExactly(new Enqueued(existing, false), new Enqueued(fresh.job(), true));
        }

        @Test
        void concurrentIdenticalSubmissionsCreateExactlyOneJob() throws Exception {
            JobRequest request = JobRequest.ofType("charge").withIdempotencyKey("race");
            int callers = 16;
            List<Submission> attempts = IntStream.range(0, callers)
                    .mapToObj(i -> submissions.of(request, clock.now()))
                    .toList();

            List<Enqueued> results = runConcurrently(
                    callers, i -> repository.enqueue(List.of(attempts.get(i))).getFirst());

            assertThat(results).filteredOn(Enqueued::created).hasSize(1);
            assertThat(results)
                    .extracting(e -> e.job().id())
                    .containsOnly(results.stream()
                            .filter(Enqueued::created)
                            .findFirst()
                            .orElseThrow()
                            .job()
                            .id());
            assertThat(repository.list(JobQuery.firstPage(50)).jobs()).hasSize(1);
        }
    }

    // ---- claim ---------------------------------------------------------------------------------------------

    /** Jobs that depend on other jobs (docs/WORKFLOWS.md). */
    @Nested
    class Dependencies {

        private Job child(List<JobId> parents) {
            return child(JobRequest.ofType("child"), parents);
        }

        private Job child(JobRequest request, List<JobId> parents) {
            return repository
                    .enqueue(List.of(submissions.dependingOn(request, clock.now(), parents)))
                    .getFirst()
                    .job();
        }

        private JobRequest withPolicy(String policy) {
            return JobRequest.ofType("child")
                    .withGraph(new dev.jobprocessor.domain.DependencyRequest(null, null, policy));
        }

        /** Claims the pending job {@code id} (the only one due of its type) and completes it under its lease. */
        private Job complete(JobId id, String result) {
            Job running = claimType(id);
            ChangeOutcome outcome = repository
                    .apply(List.of(new JobChange(
                            id, job -> job.completing(running.leaseToken(), new Json(result), clock.now()), running)))
                    .getFirst();
            assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
            return ((ChangeOutcome.Applied) outcome).after();
        }

        private Job failForGood(JobId id) {
            Job running = claimType(id);
            return applied(
                    id,
                    job -> job.failing(running.leaseToken(), Failure.permanent("broken"), TEN_SECONDS, clock.now()));
        }

        private Job claimType(JobId id) {
            String type = stored(id).type();
            List<Job> claimed = claim(1, List.of("default"), Set.of(type));
            assertThat(claimed).extracting(Job::id).containsExactly(id);
            return claimed.getFirst();
        }

        @Test
        void aChildWaitsUntilItsParentCompletesAndIsPendingInTheSameStep() {
            Job parent = enqueue("parent");
            Job child = child(List.of(parent.id()));
            assertThat(child.state()).isEqualTo(JobState.WAITING);
            assertThat(claim(10, List.of("default"), Set.of("child"))).isEmpty();

            complete(parent.id(), "{\"rows\":3}");

            Job released = stored(child.id());
            assertThat(released.state()).isEqualTo(JobState.PENDING);
            assertThat(released.dependencies().unmet()).isZero();
            assertThat(repository.dependenciesOf(child.id()))
                    .containsExactly(new dev.jobprocessor.application.port.Dependency(
                            parent.id(), JobState.COMPLETED, new Json("{\"rows\":3}"), true));
            assertThat(claim(10, List.of("default"), Set.of("child")))
                    .extracting(Job::id)
                    .containsExactly(child.id());
        }

        @Test
        void aDiamondRunsItsLastJobOnlyAfterBothMiddleJobsComplete() {
            Job a = enqueue("a");
            Job b = child(JobRequest.ofType("b"), List.of(a.id()));
            Job c = child(JobRequest.ofType("c"), List.of(a.id()));
            Job d = child(JobRequest.ofType("d"), List.of(b.id(), c.id()));

            complete(a.id(), "{}");
            assertThat(stored(b.id()).state()).isEqualTo(JobState.PENDING);
            assertThat(stored(c.id()).state()).isEqualTo(JobState.PENDING);
            complete(b.id(), "{}");
            assertThat(stored(d.id()).state()).isEqualTo(JobState.WAITING);
            assertThat(stored(d.id()).dependencies().unmet()).isEqualTo(1);
            complete(c.id(), "{}");

            assertThat(stored(d.id()).state()).isEqualTo(JobState.PENDING);
            assertThat(repository.dependenciesOf(d.id()))
                    .extracting(dev.jobprocessor.application.port.Dependency::id)
                    .containsExactly(b.id(), c.id());
        }

        @Test
        void aParentThatFailsCancelsItsDescendantsByDefault() {
            Job parent = enqueue("parent");
            Job child = child(List.of(parent.id()));
            Job grandchild = child(JobRequest.ofType("grandchild"), List.of(child.id()));

            failForGood(parent.id());

            assertThat(stored(child.id()).state()).isEqualTo(JobState.CANCELLED);
            assertThat(stored(child.id()).finishedAt()).isNotNull();
            assertThat(stored(grandchild.id()).state()).isEqualTo(JobState.CANCELLED);
        }

        @Test
        void underRunAFailedParentCountsAsMet() {
            Job parent = enqueue("parent");
            Job child = child(withPolicy("run"), List.of(parent.id()));

            failForGood(parent.id());

            assertThat(stored(child.id()).state()).isEqualTo(JobState.PENDING);
            assertThat(repository.dependenciesOf(child.id()).getFirst().met()).isTrue();
        }

        @Test
        void underWaitTheChildWaitsUntilTheRetriedParentCompletes() {
            Job parent = enqueue("parent");
            Job child = child(withPolicy("wait"), List.of(parent.id()));

            failForGood(parent.id());
            assertThat(stored(child.id()).state()).isEqualTo(JobState.WAITING);
            applied(parent.id(), job -> job.retrying(clock.now()));
            complete(parent.id(), "{}");

            assertThat(stored(child.id()).state()).isEqualTo(JobState.PENDING);
        }

        @Test
        void aRetriedChildWaitsAgainForAParentThatHasNotCompleted() {
            Job parent = enqueue("parent");
            Job child = child(List.of(parent.id()));
            applied(child.id(), job -> job.cancelling(clock.now()));

            Job retried = applied(child.id(), job -> job.retrying(clock.now()));

            assertThat(retried.state()).isEqualTo(JobState.WAITING);
            complete(parent.id(), "{}");
            assertThat(stored(child.id()).state()).isEqualTo(JobState.PENDING);
        }

        @Test
        void parentsThatEndedBeforeTheChildIsSubmittedApplyAtOnce() {
            Job done = enqueue("done");
            complete(done.id(), "{}");
            Job broken = enqueue("broken");
            failForGood(broken.id());

            Job afterDone = child(List.of(done.id()));
            Job afterBroken = child(JobRequest.ofType("other"), List.of(broken.id()));

            assertThat(afterDone.state()).isEqualTo(JobState.PENDING);
            assertThat(stored(afterDone.id()).state()).isEqualTo(JobState.PENDING);
            assertThat(afterBroken.state()).isEqualTo(JobState.CANCELLED);
            assertThat(stored(afterBroken.id()).state()).isEqualTo(JobState.CANCELLED);
        }

        @Test
        void aParentOfTheSameCallComesBeforeItsChild() {
            Submission parent = submissions.ofType("parent", clock.now());
            Submission child = submissions.dependingOn(
                    JobRequest.ofType("child"),
                    clock.now(),
                    List.of(parent.job().id()));

            List<Enqueued> stored = repository.enqueue(List.of(parent, child));

            assertThat(stored).extracting(e -> e.job().state()).containsExactly(JobState.PENDING, JobState.WAITING);
            complete(parent.job().id(), "{}");
            assertThat(stored(child.job().id()).state()).isEqualTo(JobState.PENDING);
        }

        @Test
        void anUnknownParentFailsTheWholeCallAndStoresNothing() {
            Submission fine = submissions.ofType("fine", clock.now());
            JobId nobody = JobId.newId(clock.now(), new Random(7));
            Submission orphan = submissions.dependingOn(JobRequest.ofType("orphan"), clock.now(), List.of(nobody));

            assertThatThrownBy(() -> repository.enqueue(List.of(fine, orphan)))
                    .isInstanceOf(dev.jobprocessor.domain.JobValidationException.class)
                    .hasMessageContaining(nobody.toString());
            assertThat(repository.list(JobQuery.firstPage(10)).jobs()).isEmpty();
        }

        @Test
        void aDeadParentByLeaseExpiryCancelsItsChild() {
            Job parent = enqueue(JobRequest.ofType("parent").withMaxAttempts(1));
            Job child = child(List.of(parent.id()));
            claimType(parent.id());
            clock.advance(LEASE.plusSeconds(1));

            new ReapExpiredLeases(repository, clock, attempt -> Duration.ofSeconds(1), 10).reap();

            assertThat(stored(parent.id()).state()).isEqualTo(JobState.DEAD);
            assertThat(stored(child.id()).state()).isEqualTo(JobState.CANCELLED);
        }

        @Test
        void twoParentsCompletingAtOnceReleaseTheirChildExactlyOnce() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    Job b = enqueue("b" + round);
                    Job c = enqueue("c" + round);
                    Job d = child(JobRequest.ofType("d" + round), List.of(b.id(), c.id()));
                    Job runningB = claimType(b.id());
                    Job runningC = claimType(c.id());
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> done = new ArrayList<>();
                    for (Job running : List.of(runningB, runningC)) {
                        done.add(pool.submit(() -> {
                            start.await();
                            return repository.apply(List.of(new JobChange(
                                    running.id(),
                                    job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()),
                                    running)));
                        }));
                    }
                    start.countDown();
                    for (Future<?> f : done) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    Job released = stored(d.id());
                    assertThat(released.state()).as("round %d", round).isEqualTo(JobState.PENDING);
                    assertThat(released.dependencies().unmet()).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void aPurgedParentShowsAsPurgedAndAPurgedChildTakesItsEdgesWithIt() {
            Job parent = enqueue("parent");
            Job child = child(List.of(parent.id()));
            complete(parent.id(), "{}");

            assertThat(purger.purge(parent.id())).isInstanceOf(PurgeOutcome.Purged.class);

            assertThat(repository.dependenciesOf(child.id()))
                    .containsExactly(new dev.jobprocessor.application.port.Dependency(parent.id(), null, null, true));
            applied(child.id(), job -> job.cancelling(clock.now()));
            assertThat(purger.purge(child.id())).isInstanceOf(PurgeOutcome.Purged.class);
            assertThat(repository.dependenciesOf(child.id())).isEmpty();
        }
    }

    @Nested
    class UniqueJobs {

        private final JobRequest report = JobRequest.ofType("report")
                .withPayload(new Json("{\"day\":\"2026-12-02\"}"))
                .withUnique(UniqueRequest.identical());

        private Enqueued submit(JobRequest request) {
            return repository
                    .enqueue(List.of(submissions.of(request, clock.now())))
                    .getFirst();
        }

        @Test
        void aDuplicateWhileTheFirstIsPendingOrRunningGetsTheFirstAndNothingIsCreated() {
            Job first = submit(report).job();

            Enqueued whilePending = submit(report);
            Job running = claimOne();
            Enqueued whileRunning = submit(report);

            assertThat(whilePending.duplicate()).isTrue();
            assertThat(whilePending.created()).isFalse();
            assertThat(whilePending.job().id()).isEqualTo(first.id());
            assertThat(whileRunning.duplicate()).isTrue();
            assertThat(whileRunning.job().id()).isEqualTo(running.id());
            assertThat(repository.list(JobQuery.firstPage(10)).jobs()).hasSize(1);
        }

        @Test
        void onceTheFirstHasFinishedANewOneIsCreated() {
            Job first = submit(report).job();
            Job running = claimOne();
            Job done =
                    applied(running.id(), job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()));

            Enqueued next = submit(report);

            assertThat(done.unique().held())
                    .as("completed is not one of its states")
                    .isFalse();
            assertThat(stored(first.id()).unique().key()).isNull();
            assertThat(next.created()).isTrue();
            assertThat(next.job().id()).isNotEqualTo(first.id());
            assertThat(next.job().unique().held()).isTrue();
        }

        @Test
        void aJobThatKeepsItsKeyWhenCompletedKeepsDuplicatesOutAfterwards() {
            JobRequest keptWhenDone = report.withUnique(
                    new UniqueRequest(List.of("type"), null, List.of("pending", "running", "completed")));
            Job first = submit(keptWhenDone).job();
            Job running = claimOne();
            applied(running.id(), job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()));

            Enqueued again = submit(keptWhenDone);

            assertThat(again.duplicate()).isTrue();
            assertThat(again.job().id()).isEqualTo(first.id());
            assertThat(again.job().state()).isEqualTo(JobState.COMPLETED);
        }

        @Test
        void onlyTheChosenFieldsMakeTwoJobsTheSame() {
            JobRequest byType = JobRequest.ofType("report").withUnique(new UniqueRequest(List.of(), null, null));
            Enqueued first = submit(byType.withPayload(new Json("{\"day\":1}")));
            Enqueued otherPayload = submit(byType.withPayload(new Json("{\"day\":2}")));
            Enqueued identicalOtherPayload = submit(report.withPayload(new Json("{\"day\":2}")));

            assertThat(first.created()).isTrue();
            assertThat(otherPayload.duplicate()).as("unique by type only").isTrue();
            assertThat(identicalOtherPayload.created())
                    .as("unique by every field: another key, kept out by nothing")
                    .isTrue();
        }

        @Test
        void theNextPeriodCreatesANewJob() {
            JobRequest hourly = report.withUnique(new UniqueRequest(null, 3600, null));
            clock.set(java.time.Instant.parse("2026-12-02T10:00:00Z"));
            Enqueued first = submit(hourly);
            clock.set(java.time.Instant.parse("2026-12-02T10:59:59Z"));
            Enqueued sameHour = submit(hourly);
            clock.set(java.time.Instant.parse("2026-12-02T11:00:00Z"));
            Enqueued nextHour = submit(hourly);

            assertThat(first.created()).isTrue();
            assertThat(sameHour.duplicate()).isTrue();
            assertThat(nextHour.created()).isTrue();
        }

        @Test
        void aBatchWithTheSameUniqueJobTwiceCreatesItOnce() {
            List<Enqueued> batch = repository.enqueue(List.of(
                    submissions.of(report, clock.now()),
                    submissions.of(JobRequest.ofType("other"), clock.now()),
                    submissions.of(report, clock.now())));

            assertThat(batch.get(0).created()).isTrue();
            assertThat(batch.get(1).created()).isTrue();
            assertThat(batch.get(2).duplicate()).isTrue();
            assertThat(batch.get(2).job().id()).isEqualTo(batch.get(0).job().id());
            assertThat(repository.list(JobQuery.firstPage(10)).jobs()).hasSize(2);
        }

        @Test
        void aRetriedJobDoesNotTakeItsKeyBack() {
            JobRequest once = report.withMaxAttempts(1);
            Job first = submit(once).job();
            Job running = claimOne();
            applied(
                    running.id(),
                    job -> job.failing(
                            running.leaseToken(),
                            Failure.permanent("no"),
                            attempt -> Duration.ofSeconds(1),
                            clock.now()));
            Job replacement = submit(once).job();

            Job retried = applied(first.id(), job -> job.retrying(clock.now()));

            assertThat(retried.state()).isEqualTo(JobState.PENDING);
            assertThat(retried.unique().held()).isFalse();
            assertThat(stored(replacement.id()).unique().held()).isTrue();
        }
    }

    @Nested
    class Claim {

        @Test
        void movesTheJobToRunningUnderAFreshLease() {
            Job pending = enqueue("work");

            Job running = claimOne();

            assertThat(running.id()).isEqualTo(pending.id());
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.attempts()).isEqualTo(1);
            assertThat(running.leaseOwner()).isEqualTo("worker-1");
            assertThat(running.leaseExpiresAt()).isEqualTo(clock.now().plus(LEASE));
            assertThat(running.startedAt()).isEqualTo(clock.now());
            assertThat(running.leaseToken().value()).hasSizeGreaterThanOrEqualTo(LeaseToken.BYTES * 2);
            assertThat(stored(pending.id())).isEqualTo(running);
        }

        @Test
        void neverLeasesPastTheAttemptsTimeLimit() {
            enqueue(JobRequest.ofType("quick").withTimeoutSeconds(5));

            Job running = claimOne();
            assertThat(running.leaseExpiresAt()).isEqualTo(clock.now().plusSeconds(5));

            clock.advance(Duration.ofSeconds(2));
            Job extended = applied(
                    running.id(), job -> job.heartbeating(running.leaseToken(), Duration.ofSeconds(60), clock.now()));
            assertThat(extended.leaseExpiresAt()).isEqualTo(running.startedAt().plusSeconds(5));
        }

        @Test
        void ordersByPriorityThenRunAtThenId() {
            Instant now = clock.now();
            Job lowPriority = enqueue(JobRequest.ofType("work").withPriority(9));
            Job laterRunAt = enqueue(JobRequest.ofType("work").withPriority(1).withRunAt(now.minusSeconds(10)));
            Job earlierRunAt = enqueue(JobRequest.ofType("work").withPriority(1).withRunAt(now.minusSeconds(20)));
            Job sameAsEarlierA =
                    enqueue(JobRequest.ofType("work").withPriority(3).withRunAt(now.minusSeconds(5)));
            Job sameAsEarlierB =
                    enqueue(JobRequest.ofType("work").withPriority(3).withRunAt(now.minusSeconds(5)));
            List<Job> sameSlot = new ArrayList<>(List.of(sameAsEarlierA, sameAsEarlierB));
            sameSlot.sort((a, b) -> a.id().compareTo(b.id()));

            List<Job> claimed = claim(10);

            assertThat(claimed)
                    .extracting(Job::id)
                    .containsExactly(
                            earlierRunAt.id(),
                            laterRunAt.id(),
                            sameSlot.get(0).id(),
                            sameSlot.get(1).id(),
                            lowPriority.id());
        }

        @Test
        void takesNoMoreThanTheLimit() {
            IntStream.range(0, 5).forEach(i -> enqueue("work"));
            assertThat(claim(3)).hasSize(3);
            assertThat(claim(3)).hasSize(2);
            assertThat(claim(3)).isEmpty();
        }

        @Test
        void waitsForRunAt() {
            Job later = enqueue(JobRequest.ofType("work").withRunAt(clock.now().plusSeconds(60)));

            assertThat(claim(1)).isEmpty();
            clock.advance(Duration.ofSeconds(59));
            assertThat(claim(1)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(claim(1)).extracting(Job::id).containsExactly(later.id());
        }

        @Test
        void takesOnlyTheRequestedQueuesAndTypes() {
            Job mail = enqueue(JobRequest.ofType("email").withQueue("mail"));
            Job report = enqueue(JobRequest.ofType("report").withQueue("reports"));
            Job otherType = enqueue(JobRequest.ofType("sms").withQueue("mail"));
            enqueue(JobRequest.ofType("email").withQueue("elsewhere"));

            assertThat(claim(10, List.of("mail", "reports"), Set.of("email", "report")))
                    .extracting(Job::id)
                    .containsExactlyInAnyOrder(mail.id(), report.id());
            assertThat(claim(10, List.of("mail"), Set.of())).extracting(Job::id).containsExactly(otherType.id());
        }

        @Test
        void neverHandsAClaimedJobToAnotherCaller() {
            enqueue("work");
            claimOne();
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void concurrentClaimersEachGetDistinctJobs() throws Exception {
            int jobs = 400;
            repository.enqueue(IntStream.range(0, jobs)
                    .mapToObj(i -> submissions.ofType("work", clock.now()))
                    .toList());
            int claimers = 8;
            Set<JobId> seen = ConcurrentHashMap.newKeySet();
            List<Integer> duplicates = Collections.synchronizedList(new ArrayList<>());

            runConcurrently(claimers, i -> {
                while (true) {
                    List<Job> batch = repository.claim(
                            new ClaimRequest("worker-" + i, List.of("default"), Set.of(), 7, LEASE, clock.now()));
                    if (batch.isEmpty()) {
                        return null;
                    }
                    batch.forEach(job -> {
                        if (!seen.add(job.id())) {
                            duplicates.add(1);
                        }
                    });
                }
            });

            assertThat(duplicates).isEmpty();
            assertThat(seen).hasSize(jobs);
        }

        @Test
        void givesEveryLeaseItsOwnToken() {
            IntStream.range(0, 20).forEach(i -> enqueue("work"));
            Set<String> tokens = new HashSet<>();
            claim(20).forEach(job -> tokens.add(job.leaseToken().value()));
            assertThat(tokens).hasSize(20);
        }
    }

    // ---- worker writes -------------------------------------------------------------------------------------

    @Nested
    class WorkerWrites {

        @Test
        void theLeaseHolderCompletesItsJob() {
            enqueue("work");
            Job running = claimOne();
            clock.advance(Duration.ofSeconds(2));

            Job completed = applied(
                    running.id(), job -> job.completing(running.leaseToken(), new Json("{\"ok\":true}"), clock.now()));

            assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
            assertThat(completed.result()).isEqualTo(new Json("{\"ok\":true}"));
            assertThat(completed.finishedAt()).isEqualTo(clock.now());
            assertThat(completed.leaseOwner()).isNull();
            assertThat(stored(running.id())).isEqualTo(completed);
        }

        @Test
        void completingAgainWithTheSameTokenReturnsTheStoredResult() {
            enqueue("work");
            Job running = claimOne();
            Job completed =
                    applied(running.id(), job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()));
            clock.advance(Duration.ofSeconds(1));

            Job again = applied(
                    running.id(), job -> job.completing(running.leaseToken(), new Json("{\"other\":1}"), clock.now()));

            assertThat(again).isEqualTo(completed);
            assertThat(stored(running.id())).isEqualTo(completed);
        }

        @Test
        void aStaleTokenIsRefusedAndNothingIsWritten() {
            enqueue("work");
            Job running = claimOne();
            LeaseToken stale = LeaseToken.random(new java.util.Random(7));

            ChangeOutcome outcome =
                    applyOne(running.id(), job -> job.completing(stale, Json.EMPTY_OBJECT, clock.now()));

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).isInstanceOf(LeaseLostException.class));
            assertThat(stored(running.id())).isEqualTo(running);
        }

        @Test
        void aHeartbeatExtendsTheLease() {
            enqueue("work");
            Job running = claimOne();
            clock.advance(Duration.ofSeconds(20));

            Job extended = applied(
                    running.id(), job -> job.heartbeating(running.leaseToken(), Duration.ofSeconds(60), clock.now()));

            assertThat(extended.leaseExpiresAt()).isEqualTo(clock.now().plusSeconds(60));
            assertThat(stored(running.id()).leaseExpiresAt())
                    .isEqualTo(clock.now().plusSeconds(60));
        }

        @Test
        void aRetryableFailureWithAttemptsLeftGoesBackToPendingAfterBackoff() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(2));
            Job running = claimOne();

            Job failed = applied(
                    running.id(),
                    job -> job.failing(running.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now()));

            assertThat(failed.state()).isEqualTo(JobState.PENDING);
            assertThat(failed.runAt()).isEqualTo(clock.now().plusSeconds(10));
            assertThat(failed.lastError()).isEqualTo("boom");
            assertThat(failed.errors()).singleElement().satisfies(error -> {
                assertThat(error.attempt()).isEqualTo(1);
                assertThat(error.at()).isEqualTo(clock.now());
            });
            assertThat(stored(running.id())).isEqualTo(failed);
            assertThat(claim(1)).isEmpty();
            clock.advance(Duration.ofSeconds(10));
            assertThat(claimOne().attempts()).isEqualTo(2);
        }

        @Test
        void aRetryableFailureOnTheLastAttemptIsDead() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(1));
            Job running = claimOne();

            Job dead = applied(
                    running.id(),
                    job -> job.failing(running.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now()));

            assertThat(dead.state()).isEqualTo(JobState.DEAD);
            assertThat(dead.finishedAt()).isEqualTo(clock.now());
            assertThat(stored(running.id())).isEqualTo(dead);
        }

        @Test
        void aPermanentFailureIsFailedAtOnce() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(5));
            Job running = claimOne();

            Job failed = applied(
                    running.id(),
                    job -> job.failing(running.leaseToken(), Failure.permanent("bad input"), TEN_SECONDS, clock.now()));

            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(stored(running.id())).isEqualTo(failed);
        }
    }

    // ---- operator transitions ------------------------------------------------------------------------------

    @Nested
    class OperatorTransitions {

        @Test
        void cancelsAPendingJob() {
            Job pending = enqueue("work");
            Job cancelled = applied(pending.id(), job -> job.cancelling(clock.now()));
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(stored(pending.id())).isEqualTo(cancelled);
            assertThat(claim(1)).isEmpty();
        }

        @Test
        void refusesToCancelAFinishedJobAndLeavesIt() {
            enqueue("work");
            Job running = claimOne();
            Job completed =
                    applied(running.id(), job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()));
            ChangeOutcome outcome = applyOne(running.id(), job -> job.cancelling(clock.now()));
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).isInstanceOf(InvalidTransitionException.class));
            assertThat(stored(running.id())).isEqualTo(completed);
        }

        @Test
        void retriesADeadJobKeepingItsHistory() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(1));
            Job running = claimOne();
            Job dead = applied(
                    running.id(),
                    job -> job.failing(running.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now()));
            clock.advance(Duration.ofMinutes(5));

            Job retried = applied(dead.id(), job -> job.retrying(clock.now()));

            assertThat(retried.state()).isEqualTo(JobState.PENDING);
            assertThat(retried.attempts()).isZero();
            assertThat(retried.errors()).isEqualTo(dead.errors());
            assertThat(retried.finishedAt()).isNull();
            assertThat(stored(dead.id())).isEqualTo(retried);
            assertThat(claimOne().id()).isEqualTo(dead.id());
        }

        @Test
        void reportsAMissingJob() {
            JobId unknown = JobId.newId(clock.now(), new java.util.Random(3));
            assertThat(applyOne(unknown, job -> job.cancelling(clock.now())))
                    .isEqualTo(new ChangeOutcome.Missing(unknown));
        }

        @Test
        void appliesABatchInOrderAndARejectionDoesNotStopTheOthers() {
            Job first = enqueue("work");
            enqueue("work");
            Job running = claim(10).stream()
                    .filter(j -> !j.id().equals(first.id()))
                    .findFirst()
                    .orElseThrow();
            Job third = enqueue("work");
            JobId unknown = JobId.newId(clock.now(), new Random(5));

            List<ChangeOutcome> outcomes = repository.apply(List.of(
                    new JobChange(third.id(), job -> job.cancelling(clock.now())),
                    new JobChange(running.id(), job -> job.retrying(clock.now())),
                    new JobChange(unknown, job -> job.cancelling(clock.now()))));

            assertThat(outcomes.get(0)).isInstanceOf(ChangeOutcome.Applied.class);
            assertThat(outcomes.get(1)).isInstanceOf(ChangeOutcome.Rejected.class);
            assertThat(outcomes.get(2)).isEqualTo(new ChangeOutcome.Missing(unknown));
            assertThat(stored(third.id()).state()).isEqualTo(JobState.CANCELLED);
        }
    }

    // ---- expired leases ------------------------------------------------------------------------------------

    @Nested
    class ExpiredLeases {

        @Test
        void findsOnlyRunningJobsWhoseLeaseRanOutOldestFirst() {
            enqueue("work");
            Job first = claimOne();
            clock.advance(Duration.ofSeconds(5));
            enqueue("work");
            Job second = claimOne();
            enqueue("work");

            assertThat(repository.findExpiredLeases(clock.now(), 10)).isEmpty();
            clock.advance(LEASE);
            assertThat(repository.findExpiredLeases(clock.now(), 10)).containsExactly(first.id(), second.id());
            assertThat(repository.findExpiredLeases(clock.now(), 1)).containsExactly(first.id());
        }

        @Test
        void theReaperRetriesAnExpiredAttemptOrBuriesTheLastOne() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(2));
            Job running = claimOne();
            clock.advance(LEASE);
            ReapExpiredLeases reaper = new ReapExpiredLeases(repository, clock, TEN_SECONDS, 10);

            assertThat(reaper.reap()).isEqualTo(1);

            Job reaped = stored(running.id());
            assertThat(reaped.state()).isEqualTo(JobState.PENDING);
            assertThat(reaped.lastError()).isEqualTo("lease expired");
            assertThat(reaped.runAt()).isEqualTo(clock.now().plusSeconds(10));
            clock.advance(Duration.ofSeconds(10));
            claimOne();
            clock.advance(LEASE);
            assertThat(reaper.reap()).isEqualTo(1);
            assertThat(stored(running.id()).state()).isEqualTo(JobState.DEAD);
            assertThat(stored(running.id()).errors()).hasSize(2);
        }

        @Test
        void theReaperWorksThroughMoreThanOneBatch() {
            IntStream.range(0, 7).forEach(i -> enqueue("work"));
            claim(7);
            clock.advance(LEASE);

            assertThat(new ReapExpiredLeases(repository, clock, TEN_SECONDS, 3).reap())
                    .isEqualTo(7);
            assertThat(repository.findExpiredLeases(clock.now(), 10)).isEmpty();
        }

        @Test
        void twoReapersAtOnceHandleEachExpiredJobOnce() throws Exception {
            repository.enqueue(IntStream.range(0, 60)
                    .mapToObj(i -> submissions.ofType("work", clock.now()))
                    .toList());
            claim(60);
            clock.advance(LEASE);

            List<Integer> counts =
                    runConcurrently(2, i -> new ReapExpiredLeases(repository, clock, TEN_SECONDS, 5).reap());

            assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
            assertThat(repository
                            .list(new JobQuery(JobState.PENDING, null, null, 100, null))
                            .jobs())
                    .hasSize(60)
                    .allSatisfy(job -> assertThat(job.errors()).hasSize(1));
        }

        @Test
        void aCompletionRacingTheReaperLeavesOneValidOutcome() throws Exception {
            enqueue("work");
            Job running = claimOne();
            clock.advance(LEASE);

            List<Object> outcomes = runConcurrently(
                    2,
                    i -> i == 0
                            ? new ReapExpiredLeases(repository, clock, TEN_SECONDS, 5).reap()
                            : applyOne(
                                    running.id(),
                                    job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now())));

            int reaped = (Integer) outcomes.get(0);
            boolean completed = outcomes.get(1) instanceof ChangeOutcome.Applied;
            assertThat(reaped + (completed ? 1 : 0)).isEqualTo(1);
            assertThat(stored(running.id()).state()).isEqualTo(completed ? JobState.COMPLETED : JobState.PENDING);
        }
    }

    // ---- snooze and cancelling running jobs (docs/QUEUE_CONTROL.md) ------------------------------------------

    @Nested
    class Snooze {

        @Test
        void givesTheAttemptBackAndKeepsTheJobUntilItsTime() {
            enqueue("work");
            Job running = claimOne();

            Job snoozed = applied(
                    running.id(), job -> job.snoozing(running.leaseToken(), Duration.ofSeconds(60), clock.now()));

            assertThat(snoozed.state()).isEqualTo(JobState.PENDING);
            assertThat(snoozed.attempts()).isZero();
            assertThat(snoozed.snoozes()).isEqualTo(1);
            assertThat(snoozed.runAt()).isEqualTo(clock.now().plusSeconds(60));
            assertThat(stored(running.id())).isEqualTo(snoozed);
            clock.advance(Duration.ofSeconds(59));
            assertThat(claim(1)).as("not before its time").isEmpty();
            clock.advance(Duration.ofSeconds(1));
            Job again = claimOne();
            assertThat(again.attempts()).as("the snoozed attempt did not count").isEqualTo(1);
            assertThat(again.snoozes()).isEqualTo(1);
        }

        @Test
        void fromTheLeaseHoldersSnapshotStoresTheSame() {
            enqueue("work");
            Job running = claimOne();

            ChangeOutcome outcome = repository
                    .apply(List.of(new JobChange(
                            running.id(),
                            job -> job.snoozing(running.leaseToken(), Duration.ofSeconds(5), clock.now()),
                            running)))
                    .getFirst();

            assertThat(outcome).isInstanceOfSatisfying(ChangeOutcome.Applied.class, applied -> {
                assertThat(applied.transition()).isEqualTo(Transition.SNOOZE);
                assertThat(stored(running.id())).isEqualTo(applied.after());
            });
            assertThat(stored(running.id()).snoozes()).isEqualTo(1);
        }

        @Test
        void aStaleTokenIsRefusedAndNothingIsWritten() {
            enqueue("work");
            Job running = claimOne();

            ChangeOutcome outcome = applyOne(
                    running.id(), job -> job.snoozing(new LeaseToken("stale"), Duration.ofSeconds(5), clock.now()));

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).isInstanceOf(LeaseLostException.class));
            assertThat(stored(running.id())).isEqualTo(running);
        }

        @Test
        void isRefusedPastTheCapAndTheJobKeepsRunning() {
            enqueue("work");
            Job running = claimOne();
            for (int i = 0; i < JobLimits.MAX_SNOOZES; i++) {
                Job held = running;
                applied(held.id(), job -> job.snoozing(held.leaseToken(), Duration.ofSeconds(1), clock.now()));
                clock.advance(Duration.ofSeconds(1));
                running = claimOne();
            }
            Job atTheCap = running;

            ChangeOutcome outcome = applyOne(
                    atTheCap.id(), job -> job.snoozing(atTheCap.leaseToken(), Duration.ofSeconds(1), clock.now()));

            assertThat(atTheCap.snoozes()).isEqualTo(JobLimits.MAX_SNOOZES);
            assertThat(atTheCap.attempts()).isEqualTo(1);
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).isInstanceOf(SnoozeLimitReachedException.class));
            assertThat(stored(atTheCap.id())).isEqualTo(atTheCap);
        }
    }

    @Nested
    class CancellingRunningJobs {

        private Job cancelRequested(Job running) {
            ChangeOutcome outcome = applyOne(running.id(), job -> job.cancelling(clock.now()));
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Applied.class,
                            applied -> assertThat(applied.transition()).isEqualTo(Transition.REQUEST_CANCEL));
            return ((ChangeOutcome.Applied) outcome).after();
        }

        @Test
        void recordsTheRequestAndLeavesTheLeaseToItsHolder() {
            enqueue("work");
            Job running = claimOne();
            clock.advance(Duration.ofSeconds(3));

            Job requested = cancelRequested(running);

            assertThat(requested.state()).isEqualTo(JobState.RUNNING);
            assertThat(requested.cancelRequestedAt()).isEqualTo(clock.now());
            assertThat(requested.leaseToken()).isEqualTo(running.leaseToken());
            assertThat(requested.leaseExpiresAt()).isEqualTo(running.leaseExpiresAt());
            assertThat(stored(running.id())).isEqualTo(requested);
        }

        @Test
        void findsTheRunningJobsWithARequestAmongThoseAsked() {
            enqueue("work");
            enqueue("work");
            enqueue("work");
            List<Job> running = claim(2);
            Job pending = enqueue("later");
            cancelRequested(running.get(0));

            List<JobId> found = repository.findCancelRequested(List.of(
                    running.get(0).id(), running.get(1).id(), pending.id(), JobId.newId(clock.now(), new Random(5))));

            assertThat(found).containsExactly(running.get(0).id());
            assertThat(repository.findCancelRequested(List.of())).isEmpty();
        }

        @Test
        void aCompletionAfterTheRequestEndsTheJobCancelledWithoutItsResult() {
            enqueue("work");
            enqueue("work");
            List<Job> running = claim(2);
            running.forEach(this::cancelRequested);
            clock.advance(Duration.ofSeconds(1));
            Job fromRow = running.get(0);
            Job fromSnapshot = running.get(1);

            Job cancelled = applied(
                    fromRow.id(), job -> job.completing(fromRow.leaseToken(), new Json("{\"late\":1}"), clock.now()));
            ChangeOutcome outcome = repository
                    .apply(List.of(new JobChange(
                            fromSnapshot.id(),
                            job -> job.completing(fromSnapshot.leaseToken(), new Json("{\"late\":1}"), clock.now()),
                            fromSnapshot)))
                    .getFirst();

            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.result()).isNull();
            // The holder's snapshot predates the request: the store must decide against the stored row.
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Applied.class,
                            applied -> assertThat(applied.transition()).isEqualTo(Transition.CANCEL_RUNNING));
            assertThat(stored(fromSnapshot.id()).state()).isEqualTo(JobState.CANCELLED);
            assertThat(stored(fromSnapshot.id()).result()).isNull();
            assertThat(claim(5)).as("never retried").isEmpty();
        }

        @Test
        void aHeartbeatFromTheSnapshotAfterTheRequestKeepsTheRequestAndDoesNotExtendTheLease() {
            enqueue("work");
            Job running = claimOne();
            Job requested = cancelRequested(running);
            clock.advance(Duration.ofSeconds(20));

            ChangeOutcome outcome = repository
                    .apply(List.of(new JobChange(
                            running.id(), job -> job.heartbeating(running.leaseToken(), LEASE, clock.now()), running)))
                    .getFirst();

            assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
            Job after = stored(running.id());
            assertThat(after.cancelRequestedAt()).isEqualTo(requested.cancelRequestedAt());
            assertThat(after.leaseExpiresAt()).isEqualTo(running.leaseExpiresAt());
            assertThat(repository.findCancelRequested(List.of(running.id()))).containsExactly(running.id());
        }

        @Test
        void aLeaseThatRunsOutAfterTheRequestEndsTheJobCancelledNeverRetried() {
            enqueue(JobRequest.ofType("work").withMaxAttempts(3));
            Job running = claimOne();
            cancelRequested(running);
            clock.advance(LEASE);

            int reaped = new ReapExpiredLeases(repository, clock, TEN_SECONDS, 5).reap();

            assertThat(reaped).isEqualTo(1);
            Job after = stored(running.id());
            assertThat(after.state()).isEqualTo(JobState.CANCELLED);
            assertThat(after.errors()).isEmpty();
            clock.advance(Duration.ofMinutes(5));
            assertThat(claim(1)).isEmpty();
        }

        @Test
        void aCancelRacingACompletionEitherComesTooLateOrWins() throws Exception {
            for (int round = 0; round < 20; round++) {
                enqueue("work");
                Job running = claimOne();

                List<ChangeOutcome> outcomes = runConcurrently(
                        2,
                        i -> i == 0
                                ? applyOne(running.id(), job -> job.cancelling(clock.now()))
                                : repository
                                        .apply(List.of(new JobChange(
                                                running.id(),
                                                job -> job.completing(
                                                        running.leaseToken(), Json.EMPTY_OBJECT, clock.now()),
                                                running)))
                                        .getFirst());

                Job after = stored(running.id());
                if (outcomes.get(0) instanceof ChangeOutcome.Applied) {
                    assertThat(after.state())
                            .as("a cancel that was accepted wins")
                            .isEqualTo(JobState.CANCELLED);
                    assertThat(after.result()).isNull();
                } else {
                    assertThat(after.state()).isEqualTo(JobState.COMPLETED);
                    assertThat(((ChangeOutcome.Rejected) outcomes.get(0)).reason())
                            .isInstanceOf(InvalidTransitionException.class);
                }
                assertThat(outcomes.get(1)).isInstanceOf(ChangeOutcome.Applied.class);
            }
        }

        @Test
        void aSnoozeRacingACancelEndsCancelledEitherWay() throws Exception {
            for (int round = 0; round < 20; round++) {
                enqueue("work");
                Job running = claimOne();

                List<ChangeOutcome> outcomes = runConcurrently(
                        2,
                        i -> i == 0
                                ? applyOne(running.id(), job -> job.cancelling(clock.now()))
                                : repository
                                        .apply(List.of(new JobChange(
                                                running.id(),
                                                job -> job.snoozing(
                                                        running.leaseToken(), Duration.ofSeconds(30), clock.now()),
                                                running)))
                                        .getFirst());

                assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(ChangeOutcome.Applied.class));
                assertThat(stored(running.id()).state()).isEqualTo(JobState.CANCELLED);
            }
        }
    }

    // ---- changes carrying the lease holder's snapshot ----------------------------------------------------------

    /** {@link JobChange#leased()}: the store may decide against the claimed snapshot, never with a different outcome. */
    @Nested
    class ChangesFromTheLeaseHoldersSnapshot {

        private ChangeOutcome applyLeased(Job leased, Function<Job, Step> transition) {
            return repository
                    .apply(List.of(new JobChange(leased.id(), transition, leased)))
                    .getFirst();
        }

        @Test
        void storesWhatTheSameChangeStoresWithoutTheSnapshotEvenAfterAHeartbeat() {
            enqueue("work");
            enqueue("work");
            List<Job> claimed = claim(2);
            clock.advance(Duration.ofSeconds(20));
            for (Job job : claimed) {
                applied(job.id(), j -> j.heartbeating(job.leaseToken(), LEASE, clock.now()));
            }
            clock.advance(Duration.ofSeconds(5));
            Job withSnapshot = claimed.get(0);
            Job withoutSnapshot = claimed.get(1);

            ChangeOutcome outcome = applyLeased(
                    withSnapshot, job -> job.completing(withSnapshot.leaseToken(), new Json("{\"n\":1}"), clock.now()));
            Job reference = applied(
                    withoutSnapshot.id(),
                    job -> job.completing(withoutSnapshot.leaseToken(), new Json("{\"n\":1}"), clock.now()));

            assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
            Job after = ((ChangeOutcome.Applied) outcome).after();
            assertThat(stored(withSnapshot.id())).isEqualTo(after);
            assertThat(after.state()).isEqualTo(JobState.COMPLETED);
            assertThat(after.finishedAt()).isEqualTo(clock.now());
            // Everything but identity and lease token equals the change decided against the stored row.
            assertThat(after)
                    .usingRecursiveComparison()
                    .ignoringFields("id", "leaseToken")
                    .isEqualTo(reference);
        }

        @Test
        void heartbeatsFromTheClaimedSnapshotExtendTheLeaseEachTime() {
            enqueue("work");
            Job claimed = claimOne();

            for (int beat = 1; beat <= 2; beat++) {
                clock.advance(Duration.ofSeconds(20));
                ChangeOutcome outcome =
                        applyLeased(claimed, job -> job.heartbeating(claimed.leaseToken(), LEASE, clock.now()));

                Instant extendedTo = clock.now().plus(LEASE);
                assertThat(outcome)
                        .as("heartbeat %d", beat)
                        .isInstanceOfSatisfying(
                                ChangeOutcome.Applied.class,
                                applied -> assertThat(applied.after().leaseExpiresAt())
                                        .isEqualTo(extendedTo));
                assertThat(stored(claimed.id()).leaseExpiresAt()).isEqualTo(extendedTo);
                assertThat(stored(claimed.id()).state()).isEqualTo(JobState.RUNNING);
            }
        }

        @Test
        void aSnapshotOfALeaseThatWasLostWritesNothingAndIsRejected() {
            enqueue("work");
            Job first = claimOne();
            clock.advance(LEASE);
            new ReapExpiredLeases(repository, clock, attempt -> Duration.ZERO, 5).reap();
            Job second = claimOne();

            ChangeOutcome outcome =
                    applyLeased(first, job -> job.completing(first.leaseToken(), Json.EMPTY_OBJECT, clock.now()));

            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Rejected.class,
                            rejected -> assertThat(rejected.reason()).isInstanceOf(LeaseLostException.class));
            assertThat(stored(first.id())).isEqualTo(second);
        }

        @Test
        void repeatingACompletionFromTheSnapshotReturnsTheStoredResult() {
            enqueue("work");
            Job running = claimOne();
            ChangeOutcome first =
                    applyLeased(running, job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()));
            clock.advance(Duration.ofSeconds(1));

            ChangeOutcome again = applyLeased(
                    running, job -> job.completing(running.leaseToken(), new Json("{\"other\":1}"), clock.now()));

            Job completed = ((ChangeOutcome.Applied) first).after();
            assertThat(again)
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Applied.class,
                            applied -> assertThat(applied.after()).isEqualTo(completed));
            assertThat(stored(running.id())).isEqualTo(completed);
        }

        @Test
        void aBatchMixingSnapshotsRowsAndRepeatsKeepsItsOrderAndOutcomes() {
            enqueue("work");
            enqueue("work");
            enqueue(JobRequest.ofType("work").withMaxAttempts(1));
            List<Job> claimed = claim(3);
            Job c = claimed.stream()
                    .filter(job -> job.maxAttempts() == 1)
                    .findFirst()
                    .orElseThrow();
            List<Job> others = claimed.stream().filter(job -> job != c).toList();
            Job a = others.get(0);
            Job b = others.get(1);
            JobId unknown = JobId.newId(clock.now(), new java.util.Random(3));

            List<ChangeOutcome> outcomes = repository.apply(List.of(
                    new JobChange(a.id(), job -> job.completing(a.leaseToken(), Json.EMPTY_OBJECT, clock.now()), a),
                    new JobChange(
                            b.id(),
                            job -> job.failing(b.leaseToken(), Failure.retryable("x"), TEN_SECONDS, clock.now())),
                    new JobChange(a.id(), job -> job.completing(a.leaseToken(), Json.EMPTY_OBJECT, clock.now()), a),
                    new JobChange(
                            c.id(),
                            job -> job.failing(c.leaseToken(), Failure.retryable("y"), TEN_SECONDS, clock.now()),
                            c),
                    new JobChange(unknown, job -> job.cancelling(clock.now()))));

            assertThat(outcomes).hasSize(5);
            assertThat(outcomes.get(0)).isInstanceOf(ChangeOutcome.Applied.class);
            assertThat(outcomes.get(1)).isInstanceOf(ChangeOutcome.Applied.class);
            assertThat(outcomes.get(2))
                    .as("the repeat sees the first completion and returns it unchanged")
                    .isInstanceOfSatisfying(
                            ChangeOutcome.Applied.class,
                            applied -> assertThat(applied.after()).isEqualTo(applied.before()));
            assertThat(outcomes.get(3)).isInstanceOf(ChangeOutcome.Applied.class);
            assertThat(outcomes.get(4)).isInstanceOf(ChangeOutcome.Missing.class);
            assertThat(stored(a.id()).state()).isEqualTo(JobState.COMPLETED);
            assertThat(stored(b.id()).state()).isEqualTo(JobState.PENDING);
            assertThat(stored(c.id()).state()).isEqualTo(JobState.DEAD);
            assertThat(stored(c.id()).errors()).hasSize(1);
        }

        @Test
        void aSnapshotMustBeTheRunningJobItNames() {
            enqueue("work");
            Job pending = enqueue("work");
            Job running = claimOne();

            assertThatThrownBy(() -> new JobChange(pending.id(), job -> job.cancelling(running.updatedAt()), running))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new JobChange(pending.id(), job -> job.cancelling(pending.updatedAt()), pending))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- listing -------------------------------------------------------------------------------------------

    @Nested
    class Listing {

        @Test
        void listsNewestFirstAcrossPagesWithoutGapsOrRepeats() {
            List<JobId> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                created.add(enqueue("work").id());
                clock.advance(Duration.ofMillis(3));
            }
            List<JobId> expected = new ArrayList<>(created);
            Collections.reverse(expected);

            List<JobId> seen = new ArrayList<>();
            JobQuery query = JobQuery.firstPage(3);
            JobPage page;
            int pages = 0;
            do {
                page = repository.list(query);
                page.jobs().forEach(job -> seen.add(job.id()));
                query = query.after(page.nextCursor());
                pages++;
            } while (page.nextCursor() != null);

            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo(3);
        }

        @Test
        void hasNoNextCursorWhenThePageIsExactlyTheRest() {
            enqueue("work");
            clock.advance(Duration.ofMillis(1));
            enqueue("work");
            JobPage page = repository.list(JobQuery.firstPage(2));
            assertThat(page.jobs()).hasSize(2);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void filtersByStateTypeAndQueue() {
            Job email = enqueue(JobRequest.ofType("email").withQueue("mail"));
            clock.advance(Duration.ofMillis(1));
            Job sms = enqueue(JobRequest.ofType("sms").withQueue("mail"));
            clock.advance(Duration.ofMillis(1));
            Job report = enqueue(JobRequest.ofType("report"));
            Job cancelled = applied(report.id(), job -> job.cancelling(clock.now()));

            assertThat(repository
                            .list(new JobQuery(null, null, "mail", 10, null))
                            .jobs())
                    .extracting(Job::id)
                    .containsExactly(sms.id(), email.id());
            assertThat(repository
                            .list(new JobQuery(null, "email", null, 10, null))
                            .jobs())
                    .containsExactly(email);
            assertThat(repository
                            .list(new JobQuery(JobState.CANCELLED, null, null, 10, null))
                            .jobs())
                    .containsExactly(cancelled);
            assertThat(repository
                            .list(new JobQuery(JobState.PENDING, "sms", "mail", 10, null))
                            .jobs())
                    .containsExactly(sms);
            assertThat(repository
                            .list(new JobQuery(JobState.RUNNING, null, null, 10, null))
                            .jobs())
                    .isEmpty();
        }
    }

    // ---- statistics ----------------------------------------------------------------------------------------

    @Nested
    class Statistics {

        @Test
        void anEmptyStoreHasNoCountsNoBacklogAndNoFailures() {
            assertThat(statistics.counts()).isEmpty();
            assertThat(statistics.oldestEligiblePending(clock.now())).isEmpty();
            assertThat(statistics.recentFailures(20)).isEmpty();
        }

        @Test
        void countsFollowEveryTransitionByQueueTypeAndState() {
            enqueue(JobRequest.ofType("mail").withMaxAttempts(3));
            enqueue(JobRequest.ofType("mail").withMaxAttempts(1));
            enqueue(JobRequest.ofType("mail").withQueue("bulk"));
            Job pending = enqueue(JobRequest.ofType("report"));
            applied(pending.id(), job -> job.cancelling(clock.now()));
            List<Job> running = claim(2, List.of("default"), Set.of("mail"));
            // the first claimed (max_attempts 3) goes back to pending; the second (max_attempts 1) dies
            for (Job job : running) {
                applied(
                        job.id(),
                        j -> j.failing(job.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now()));
            }

            assertThat(statistics.counts())
                    .containsExactlyInAnyOrder(
                            new JobCount("default", "mail", JobState.PENDING, 1, 1),
                            new JobCount("default", "mail", JobState.DEAD, 1, 1),
                            new JobCount("bulk", "mail", JobState.PENDING, 1, 0),
                            new JobCount("default", "report", JobState.CANCELLED, 1, 0));
        }

        @Test
        void countsAgreeWithTheJobsAfterManyChanges() {
            for (int i = 0; i < 30; i++) {
                enqueue(JobRequest.ofType("t" + (i % 3)).withQueue("q" + (i % 2)));
            }
            List<Job> running = claim(20, List.of("q0", "q1"), Set.of());
            for (int i = 0; i < running.size(); i++) {
                Job job = running.get(i);
                if (i % 2 == 0) {
                    applied(job.id(), j -> j.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now()));
                }
            }

            List<Job> all =
                    repository.list(new JobQuery(null, null, null, 500, null)).jobs();
            assertThat(all).hasSize(30);
            assertCountsAgreeWith(all);
        }

        @Test
        void theBacklogIsTheEarliestDueRunAtPerQueue() {
            Instant early = clock.now().minusSeconds(90);
            enqueue(JobRequest.ofType("a").withRunAt(early).withPriority(9));
            enqueue(JobRequest.ofType("a").withRunAt(clock.now().minusSeconds(10)));
            enqueue(JobRequest.ofType("a")
                    .withQueue("later")
                    .withRunAt(clock.now().plusSeconds(60)));
            enqueue(JobRequest.ofType("a").withQueue("busy"));
            claim(1, List.of("busy"), Set.of());

            assertThat(statistics.oldestEligiblePending(clock.now()))
                    .containsExactly(new PendingBacklog("default", early));
        }

        @Test
        void recentFailuresListTheLatestFailureOfEachJobNewestFirst() {
            enqueue(JobRequest.ofType("flaky").withMaxAttempts(3));
            enqueue(JobRequest.ofType("broken").withMaxAttempts(3));
            enqueue(JobRequest.ofType("fine"));
            Job flaky = claim(1, List.of("default"), Set.of("flaky")).getFirst();
            applied(
                    flaky.id(),
                    j -> j.failing(flaky.leaseToken(), Failure.retryable("first"), TEN_SECONDS, clock.now()));
            clock.advance(Duration.ofSeconds(1));
            Job broken = claim(1, List.of("default"), Set.of("broken")).getFirst();
            applied(
                    broken.id(),
                    j -> j.failing(broken.leaseToken(), Failure.permanent("bad"), TEN_SECONDS, clock.now()));
            clock.advance(Duration.ofSeconds(10));
            Job again = claim(1, List.of("default"), Set.of("flaky")).getFirst();
            applied(
                    again.id(),
                    j -> j.failing(again.leaseToken(), Failure.retryable("second"), TEN_SECONDS, clock.now()));

            assertThat(statistics.recentFailures(20))
                    .containsExactly(
                            new RecentFailure(
                                    flaky.id(), "flaky", "default", JobState.PENDING, 2, "second", clock.now()),
                            new RecentFailure(
                                    broken.id(),
                                    "broken",
                                    "default",
                                    JobState.FAILED,
                                    1,
                                    "bad",
                                    clock.now().minusSeconds(10)));
            assertThat(statistics.recentFailures(1)).hasSize(1);
        }
    }

    // ---- purging finished jobs -----------------------------------------------------------------------------

    /** {@link JobPurger}: retention and the operator's purges delete finished jobs, and only finished jobs. */
    @Nested
    class Purging {

        private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
        private int queues;

        /** A job that ended in {@code state} now, in a queue of its own so the claim takes exactly it. */
        private Job finished(JobState state) {
            return finished(state, JobRequest.ofType("work"));
        }

        private Job finished(JobState state, JobRequest request) {
            String queue = "purge-" + queues++;
            Job pending = enqueue(request.withQueue(queue).withMaxAttempts(state == JobState.DEAD ? 1 : 5));
            if (state == JobState.CANCELLED) {
                return applied(pending.id(), job -> job.cancelling(clock.now()));
            }
            Job running = claim(1, List.of(queue), Set.of()).getFirst();
            return applied(running.id(), job -> switch (state) {
                case COMPLETED -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now());
                case FAILED -> job.failing(running.leaseToken(), Failure.permanent("bad"), TEN_SECONDS, clock.now());
                case DEAD -> job.failing(running.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now());
                default -> throw new IllegalArgumentException(state.toString());
            });
        }

        private Job cancelledIn(String queue) {
            Job pending = enqueue(JobRequest.ofType("work").withQueue(queue));
            return applied(pending.id(), job -> job.cancelling(clock.now()));
        }

        private Job running() {
            String queue = "purge-" + queues++;
            enqueue(JobRequest.ofType("work").withQueue(queue));
            return claim(1, List.of(queue), Set.of()).getFirst();
        }

        private List<Job> all() {
            return repository.list(JobQuery.firstPage(500)).jobs();
        }

        @Test
        void aScopedPurgeDeletesOnlyTheJobsOfTheQueuesInScope() {
            cancelledIn("mail");
            Job sms = cancelledIn("sms");
            Job other = cancelledIn("other");

            assertThat(purger.purgeFinished(JobState.CANCELLED, FAR_FUTURE, 10, new QueueScope.Only("mail")))
                    .isEqualTo(1);
            assertThat(all()).extracting(Job::id).containsExactlyInAnyOrder(sms.id(), other.id());
            assertThat(purger.purgeFinished(
                            JobState.CANCELLED, FAR_FUTURE, 10, new QueueScope.AllBut(Set.of("sms", "mail"))))
                    .isEqualTo(1);
            assertThat(all()).extracting(Job::id).containsExactly(sms.id());
        }

        @Test
        void deletesOnlyJobsOfTheStateThatFinishedBeforeTheCutoffOldestFirst() {
            Job oldest = finished(JobState.COMPLETED);
            clock.advance(Duration.ofMinutes(1));
            Job older = finished(JobState.COMPLETED);
            Job otherState = finished(JobState.CANCELLED);
            clock.advance(Duration.ofMinutes(1));
            Job atTheCutoff = finished(JobState.COMPLETED);
            clock.advance(Duration.ofMinutes(1));
            Instant cutoff = atTheCutoff.finishedAt();

            assertThat(purger.countFinished(JobState.COMPLETED, cutoff)).isEqualTo(2);
            assertThat(purger.purgeFinished(JobState.COMPLETED, cutoff, 1)).isEqualTo(1);
            assertThat(repository.find(oldest.id())).as("the oldest goes first").isEmpty();
            assertThat(stored(older.id())).isEqualTo(older);

            assertThat(purger.purgeFinished(JobState.COMPLETED, cutoff, 10)).isEqualTo(1);
            assertThat(repository.find(older.id())).isEmpty();
            assertThat(stored(atTheCutoff.id()))
                    .as("finished exactly at the cutoff: not before it, kept")
                    .isEqualTo(atTheCutoff);
            assertThat(stored(otherState.id())).isEqualTo(otherState);
            assertThat(purger.purgeFinished(JobState.COMPLETED, cutoff, 10)).isZero();
            assertThat(purger.countFinished(JobState.COMPLETED, cutoff)).isZero();
        }

        @Test
        void deletesJobsOfEveryFinalState() {
            for (JobState state : List.of(JobState.COMPLETED, JobState.FAILED, JobState.DEAD, JobState.CANCELLED)) {
                Job job = finished(state);
                assertThat(job.state()).isEqualTo(state);
                assertThat(purger.countFinished(state, FAR_FUTURE))
                        .as("%s", state)
                        .isEqualTo(1);
                assertThat(purger.purgeFinished(state, FAR_FUTURE, 10))
                        .as("%s", state)
                        .isEqualTo(1);
                assertThat(repository.find(job.id())).isEmpty();
            }
            assertThat(all()).isEmpty();
        }

        @Test
        void neverDeletesPendingOrRunningJobs() {
            Job pending = enqueue(JobRequest.ofType("work").withQueue("waiting"));
            Job running = running();
            Job scheduled = enqueue(JobRequest.ofType("work")
                    .withQueue("waiting")
                    .withRunAt(clock.now().plusSeconds(3600)));
            finished(JobState.COMPLETED);

            for (JobState state : List.of(JobState.PENDING, JobState.RUNNING)) {
                assertThatThrownBy(() -> purger.purgeFinished(state, FAR_FUTURE, 10))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> purger.countFinished(state, FAR_FUTURE))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            for (JobState state : List.of(JobState.COMPLETED, JobState.FAILED, JobState.DEAD, JobState.CANCELLED)) {
                purger.purgeFinished(state, FAR_FUTURE, 100);
            }
            assertThat(purger.purge(pending.id()))
                    .isEqualTo(new PurgeOutcome.NotFinished(pending.id(), JobState.PENDING));
            assertThat(purger.purge(running.id()))
                    .isEqualTo(new PurgeOutcome.NotFinished(running.id(), JobState.RUNNING));

            assertThat(all()).containsExactlyInAnyOrder(stored(pending.id()), running, scheduled);
            assertThat(stored(pending.id())).isEqualTo(pending);
            assertThat(stored(running.id())).isEqualTo(running);
        }

        @Test
        void refusesALimitBelowOne() {
            assertThatThrownBy(() -> purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aDeadJobRetriedByAnOperatorIsPendingAndNotDeleted() {
            Job dead = finished(JobState.DEAD);
            clock.advance(Duration.ofDays(30));
            Job retried = applied(dead.id(), job -> job.retrying(clock.now()));

            assertThat(purger.countFinished(JobState.DEAD, FAR_FUTURE)).isZero();
            assertThat(purger.purgeFinished(JobState.DEAD, FAR_FUTURE, 10)).isZero();
            assertThat(purger.purge(dead.id())).isEqualTo(new PurgeOutcome.NotFinished(dead.id(), JobState.PENDING));
            assertThat(stored(dead.id())).isEqualTo(retried);
        }

        @Test
        void purgesOneFinishedJobByIdAndThenItIsGone() {
            Job failed = finished(JobState.FAILED);
            JobId unknown = JobId.newId(clock.now(), new java.util.Random(9));

            assertThat(purger.purge(failed.id())).isEqualTo(new PurgeOutcome.Purged(failed.id(), JobState.FAILED));
            assertThat(repository.find(failed.id())).isEmpty();
            assertThat(purger.purge(failed.id())).isEqualTo(new PurgeOutcome.Missing(failed.id()));
            assertThat(purger.purge(unknown)).isEqualTo(new PurgeOutcome.Missing(unknown));
            assertThat(applyOne(failed.id(), job -> job.retrying(clock.now())))
                    .isEqualTo(new ChangeOutcome.Missing(failed.id()));
        }

        @Test
        void countsAndRecentFailuresStayExactAfterPurges() {
            finished(JobState.COMPLETED, JobRequest.ofType("mail"));
            finished(JobState.COMPLETED, JobRequest.ofType("mail"));
            Job failed = finished(JobState.FAILED, JobRequest.ofType("mail"));
            Job dead = finished(JobState.DEAD, JobRequest.ofType("report"));
            finished(JobState.CANCELLED, JobRequest.ofType("report"));
            enqueue(JobRequest.ofType("report"));

            purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 10);
            purger.purge(failed.id());

            List<Job> left = all();
            assertThat(left).hasSize(3);
            assertCountsAgreeWith(left);
            assertThat(statistics.recentFailures(20))
                    .extracting(RecentFailure::id)
                    .containsExactly(dead.id());
        }

        @Test
        void anIdempotencyKeyIsFreeAgainOnceItsJobIsPurged() {
            Job first = finished(JobState.COMPLETED, JobRequest.ofType("charge").withIdempotencyKey("order-9"));
            purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 10);

            Submission other = submissions.of(JobRequest.ofType("refund").withIdempotencyKey("order-9"), clock.now());
            List<Enqueued> again = repository.enqueue(List.of(other));

            assertThat(again)
                    .as("a different request with the key: created, not a conflict with the deleted job")
                    .containsExactly(new Enqueued(other.job(), true));
            assertThat(repository.find(first.id())).isEmpty();
        }

        @Test
        void purgingRacingOperatorRetriesNeverDeletesARetriedJob() throws Exception {
            int jobs = 240;
            repository.enqueue(IntStream.range(0, jobs)
                    .mapToObj(i -> submissions.of(JobRequest.ofType("work").withMaxAttempts(1), clock.now()))
                    .toList());
            List<Job> running = claim(jobs);
            repository.apply(running.stream()
                    .map(r -> new JobChange(
                            r.id(),
                            j -> j.failing(r.leaseToken(), Failure.retryable("boom"), TEN_SECONDS, clock.now())))
                    .toList());
            clock.advance(Duration.ofDays(30));
            List<JobId> ids = running.stream().map(Job::id).toList();
            int retriers = 3;

            List<List<ChangeOutcome>> outcomes = runConcurrently(retriers + 1, i -> {
                if (i == retriers) {
                    // The sweep: small batches, so it interleaves with the retries.
                    while (purger.purgeFinished(JobState.DEAD, FAR_FUTURE, 7) > 0) {
                        Thread.onSpinWait();
                    }
                    return List.of();
                }
                List<ChangeOutcome> mine = new ArrayList<>();
                for (int k = i; k < ids.size(); k += retriers) {
                    mine.add(applyOne(ids.get(k), job -> job.retrying(clock.now())));
                }
                return mine;
            });

            List<ChangeOutcome> retries =
                    outcomes.stream().flatMap(List::stream).toList();
            assertThat(retries).hasSize(jobs);
            long retried = retries.stream()
                    .filter(ChangeOutcome.Applied.class::isInstance)
                    .count();
            for (ChangeOutcome outcome : retries) {
                switch (outcome) {
                    case ChangeOutcome.Applied applied ->
                        assertThat(repository.find(applied.id()))
                                .as("a retried job is never deleted")
                                .hasValueSatisfying(
                                        job -> assertThat(job.state()).isEqualTo(JobState.PENDING));
                    case ChangeOutcome.Missing missing ->
                        assertThat(repository.find(missing.id())).isEmpty();
                    case ChangeOutcome.Rejected rejected ->
                        throw new AssertionError("a dead job's retry was refused: " + rejected);
                }
            }
            purger.purgeFinished(JobState.DEAD, FAR_FUTURE, 1000);
            assertThat(all())
                    .hasSize((int) retried)
                    .allSatisfy(job -> assertThat(job.state()).isEqualTo(JobState.PENDING));
            // When the sweep won every race there is no job and so no count row at all, not a pending row of 0.
            assertCountsAgreeWith(all());
        }

        @Test
        void purgingRacingCompletionsNeverDeletesARunningJob() throws Exception {
            int jobs = 240;
            repository.enqueue(IntStream.range(0, jobs)
                    .mapToObj(i -> submissions.ofType("work", clock.now()))
                    .toList());
            List<Job> running = claim(jobs);
            int completers = 3;
            CountDownLatch completed = new CountDownLatch(completers);

            List<List<ChangeOutcome>> outcomes = runConcurrently(completers + 1, i -> {
                if (i == completers) {
                    // Every completed job is eligible at once (a cutoff in the future): deletes chase completions.
                    long purged = 0;
                    while (completed.getCount() > 0) {
                        purged += purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 5);
                    }
                    purged += purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, jobs);
                    assertThat(purged).isEqualTo(jobs);
                    return List.of();
                }
                try {
                    List<ChangeOutcome> mine = new ArrayList<>();
                    for (int k = i; k < running.size(); k += completers) {
                        Job job = running.get(k);
                        mine.add(applyOne(
                                job.id(), j -> j.completing(job.leaseToken(), Json.EMPTY_OBJECT, clock.now())));
                    }
                    return mine;
                } finally {
                    completed.countDown();
                }
            });

            assertThat(outcomes.stream().flatMap(List::stream))
                    .as("no running job was deleted under its worker")
                    .hasSize(jobs)
                    .allMatch(ChangeOutcome.Applied.class::isInstance);
            assertThat(all()).isEmpty();
            assertThat(statistics.counts()).isEmpty();
        }

        @Test
        void purgingRacingTheReaperDeletesOnlyDeadJobs() throws Exception {
            int jobs = 200;
            repository.enqueue(IntStream.range(0, jobs)
                    .mapToObj(i ->
                            submissions.of(JobRequest.ofType("work").withMaxAttempts(i % 2 == 0 ? 1 : 2), clock.now()))
                    .toList());
            claim(jobs);
            clock.advance(LEASE);
            CountDownLatch reaped = new CountDownLatch(1);

            List<Long> results = runConcurrently(2, i -> {
                if (i == 0) {
                    try {
                        return (long) new ReapExpiredLeases(repository, clock, TEN_SECONDS, 9).reap();
                    } finally {
                        reaped.countDown();
                    }
                }
                long purged = 0;
                while (reaped.getCount() > 0) {
                    purged += purger.purgeFinished(JobState.DEAD, FAR_FUTURE, 4);
                }
                return purged + purger.purgeFinished(JobState.DEAD, FAR_FUTURE, jobs);
            });

            assertThat(results.get(0)).isEqualTo(jobs);
            assertThat(results.get(1))
                    .as("the jobs on their last attempt died and were purged")
                    .isEqualTo(jobs / 2);
            assertThat(all())
                    .as("the jobs with an attempt left are pending again, none deleted")
                    .hasSize(jobs / 2)
                    .allSatisfy(job -> {
                        assertThat(job.state()).isEqualTo(JobState.PENDING);
                        assertThat(job.maxAttempts()).isEqualTo(2);
                    });
            assertThat(statistics.counts().stream().mapToLong(JobCount::count).sum())
                    .isEqualTo(jobs / 2);
        }
    }

    // ---- concurrency helper --------------------------------------------------------------------------------

    /** Runs {@code task(i)} for i in 0..n-1 on n threads released at the same moment; returns results in order. */
    protected static <T> List<T> runConcurrently(int n, IndexedTask<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A task that knows which of the concurrent callers it is. */
    @FunctionalInterface
    protected interface IndexedTask<T> {
        T run(int index) throws Exception;
    }
}
