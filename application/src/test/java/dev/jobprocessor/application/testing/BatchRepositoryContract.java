package dev.jobprocessor.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link BatchRepository}, and of the part of {@link JobRepository#apply} that keeps a
 * batch's tally and enqueues its callbacks; every store runs it unchanged (docs/WORKFLOWS.md).
 */
public abstract class BatchRepositoryContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    protected final SettableClock clock = new SettableClock();
    private final Submissions submissions = new Submissions(51);
    private final Random random = new Random(53);
    protected JobRepository jobs;
    protected BatchRepository batches;

    /** An empty store: its jobs, and its batches over those jobs. */
    public record Store(JobRepository jobs, BatchRepository batches) {}

    protected abstract Store emptyStore();

    @BeforeEach
    void startEmpty() {
        Store store = emptyStore();
        jobs = store.jobs();
        batches = store.batches();
    }

    private static NewJob template(String type) {
        return JobRequest.ofType(type)
                .withQueue("callbacks")
                .withPayload(new Json("{\"report\":\"" + type + "\"}"))
                .validate();
    }

    /** A batch of {@code size} jobs of type {@code work} with the callbacks named, each a job of its own type. */
    private Batch batch(int size, BatchCallback... callbacks) {
        Map<BatchCallback, NewJob> templates = new EnumMap<>(BatchCallback.class);
        for (BatchCallback callback : callbacks) {
            templates.put(callback, template(callback.wireName().replace('_', '-')));
        }
        return new Batch(BatchId.newId(clock.now(), random), "nightly", size, clock.now(), "ops", templates);
    }

    private List<Job> create(Batch batch) {
        List<Submission> work = new ArrayList<>();
        for (int i = 0; i < batch.total(); i++) {
            work.add(submissions.ofType("work", clock.now()));
        }
        return batches.create(batch, work).stream().map(Enqueued::job).toList();
    }

    private List<Job> claimAll(int limit) {
        return jobs.claim(new ClaimRequest("w", List.of("default"), Set.of("work"), limit, LEASE, clock.now()));
    }

    /** As a worker completes: with the job as its claim returned it, which lets a store take its one-statement path. */
    private ChangeOutcome complete(Job running) {
        return jobs.apply(List.of(new JobChange(
                        running.id(),
                        job -> job.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()),
                        running)))
                .getFirst();
    }

    private void failForGood(Job running) {
        jobs.apply(List.of(new JobChange(
                running.id(),
                job -> job.failing(
                        running.leaseToken(), Failure.permanent("no"), attempt -> Duration.ZERO, clock.now()),
                running)));
    }

    private BatchStatus status(Batch batch) {
        return batches.findBatch(batch.id()).orElseThrow();
    }

    /** The callback jobs of type {@code type} in the store. */
    private List<Job> jobsOfType(String type) {
        return jobs.list(new JobQuery(null, type, null, 100, null)).jobs();
    }

    @Test
    void aCreatedBatchIsFoundWithItsTotalsAndNoCallbackYet() {
        Batch batch = batch(3, BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH);

        List<Job> created = create(batch);

        assertThat(created).hasSize(3).allMatch(job -> job.state() == JobState.PENDING);
        BatchStatus status = status(batch);
        assertThat(status.batch()).isEqualTo(batch);
        assertThat(status.tally().completed()
                        + status.tally().failed()
                        + status.tally().cancelled())
                .isZero();
        assertThat(status.totals()).containsEntry(JobState.PENDING, 3).containsEntry(JobState.COMPLETED, 0);
        assertThat(status.enqueuedCallbacks()).isEmpty();
        assertThat(batches.findBatch(BatchId.newId(clock.now(), random))).isEmpty();
    }

    @Test
    void theLastCompletionEnqueuesOnSuccessAndOnFinishInItsOwnStep() {
        Batch batch = batch(3, BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH, BatchCallback.ON_DEAD);
        create(batch);
        List<Job> running = claimAll(3);

        complete(running.get(0));
        complete(running.get(1));
        assertThat(status(batch).enqueuedCallbacks())
                .as("two of three completed")
                .isEmpty();
        complete(running.get(2));

        BatchStatus status = status(batch);
        assertThat(status.tally().completed()).isEqualTo(3);
        assertThat(status.totals()).containsEntry(JobState.COMPLETED, 3);
        assertThat(status.enqueuedCallbacks()).containsOnlyKeys(BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH);
        Job onSuccess = jobs.find(status.enqueuedCallbacks().get(BatchCallback.ON_SUCCESS))
                .orElseThrow();
        assertThat(onSuccess.type()).isEqualTo("on-success");
        assertThat(onSuccess.queue()).isEqualTo("callbacks");
        assertThat(onSuccess.payload()).isEqualTo(new Json("{\"report\":\"on-success\"}"));
        assertThat(onSuccess.state()).isEqualTo(JobState.PENDING);
        assertThat(onSuccess.createdBy()).isEqualTo("batch:" + batch.id());
        assertThat(jobsOfType("on-dead")).isEmpty();
    }

    @Test
    void theFirstFailureEnqueuesOnDeadOnceAndOnFinishWaitsForTheRest() {
        Batch batch = batch(3, BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH, BatchCallback.ON_DEAD);
        create(batch);
        List<Job> running = claimAll(3);

        failForGood(running.get(0));
        assertThat(status(batch).enqueuedCallbacks()).containsOnlyKeys(BatchCallback.ON_DEAD);
        failForGood(running.get(1));
        complete(running.get(2));

        BatchStatus status = status(batch);
        assertThat(status.tally().failed()).isEqualTo(2);
        assertThat(status.tally().completed()).isEqualTo(1);
        assertThat(status.enqueuedCallbacks()).containsOnlyKeys(BatchCallback.ON_DEAD, BatchCallback.ON_FINISH);
        assertThat(jobsOfType("on-dead")).hasSize(1);
        assertThat(jobsOfType("on-finish")).hasSize(1);
        assertThat(jobsOfType("on-success")).isEmpty();
    }

    @Test
    void aCascadedCancellationCountsAsAnEnd() {
        Batch batch = batch(2, BatchCallback.ON_FINISH);
        Submission parent = submissions.ofType("work", clock.now());
        Submission child = submissions.dependingOn(
                JobRequest.ofType("work"), clock.now(), List.of(parent.job().id()));
        batches.create(batch, List.of(parent, child));

        jobs.apply(List.of(new JobChange(parent.job().id(), job -> job.cancelling(clock.now()))));

        assertThat(jobs.find(child.job().id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        BatchStatus status = status(batch);
        assertThat(status.tally().cancelled()).isEqualTo(2);
        assertThat(status.enqueuedCallbacks()).containsOnlyKeys(BatchCallback.ON_FINISH);
    }

    @Test
    void aRetriedJobTakesItsEndBackAndEachCallbackStillFiresOnce() {
        Batch batch = batch(2, BatchCallback.ON_SUCCESS, BatchCallback.ON_FINISH, BatchCallback.ON_DEAD);
        create(batch);
        List<Job> running = claimAll(2);
        complete(running.get(0));
        failForGood(running.get(1));
        assertThat(status(batch).enqueuedCallbacks()).containsOnlyKeys(BatchCallback.ON_DEAD, BatchCallback.ON_FINISH);

        jobs.apply(List.of(new JobChange(running.get(1).id(), job -> job.retrying(clock.now()))));
        assertThat(status(batch).tally().failed())
                .as("the retry took the failure back")
                .isZero();
        complete(claimAll(1).getFirst());

        BatchStatus status = status(batch);
        assertThat(status.tally().completed()).isEqualTo(2);
        assertThat(status.enqueuedCallbacks()).containsOnlyKeys(BatchCallback.values());
        assertThat(jobsOfType("on-finish"))
                .as("on_finish is not enqueued twice")
                .hasSize(1);
        assertThat(jobsOfType("on-dead")).hasSize(1);
        assertThat(jobsOfType("on-success")).hasSize(1);
    }

    @Test
    void aBatchThatCannotBeStoredLeavesNothingBehind() {
        Batch batch = batch(2, BatchCallback.ON_SUCCESS);
        Submission parent = submissions.ofType("work", clock.now());
        JobId unknown = JobId.newId(clock.now(), random);
        Submission child = submissions.dependingOn(
                JobRequest.ofType("work"), clock.now(), List.of(parent.job().id(), unknown));

        assertThatThrownBy(() -> batches.create(batch, List.of(parent, child)))
                .isInstanceOf(JobValidationException.class);

        assertThat(batches.findBatch(batch.id())).isEmpty();
        assertThat(jobs.find(parent.job().id())).isEmpty();
    }

    @Test
    void theLastJobsCompletingAtOnceEnqueueEachCallbackExactlyOnce() throws Exception {
        int size = 8;
        ExecutorService threads = Executors.newFixedThreadPool(size);
        try {
            for (int round = 0; round < 20; round++) {
                Map<BatchCallback, NewJob> templates = new EnumMap<>(BatchCallback.class);
                templates.put(BatchCallback.ON_SUCCESS, template("success-" + round));
                templates.put(BatchCallback.ON_FINISH, template("finish-" + round));
                Batch batch = new Batch(BatchId.newId(clock.now(), random), null, size, clock.now(), null, templates);
                create(batch);
                List<Job> running = claimAll(size);
                assertThat(running).hasSize(size);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ChangeOutcome>> done = new ArrayList<>();
                for (Job job : running) {
                    done.add(threads.submit(() -> {
                        start.await();
                        return complete(job);
                    }));
                }
                start.countDown();
                for (Future<ChangeOutcome> outcome : done) {
                    assertThat(outcome.get()).isInstanceOf(ChangeOutcome.Applied.class);
                }
                assertThat(jobsOfType("success-" + round)).as("round %d", round).hasSize(1);
                assertThat(jobsOfType("finish-" + round)).as("round %d", round).hasSize(1);
                assertThat(status(batch).tally().completed()).isEqualTo(size);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
