package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.Completion;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancel requests racing the lease holders' batched writes on a real PostgreSQL (docs/QUEUE_CONTROL.md): the holders
 * decide against their claimed snapshots, which know nothing of a request, so only the compare-and-set keeps a request
 * from being overwritten or a late result from being stored.
 */
class PostgresCancelRequestTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final int JOBS = 60;
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(System.nanoTime());

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    private List<Job> runningJobs() {
        List<Submission> batch = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            batch.add(submissions.of(JobRequest.ofType("work"), clock.now()));
        }
        repository.enqueue(batch);
        List<Job> running =
                repository.claim(new ClaimRequest("worker-1", List.of("default"), Set.of(), JOBS, LEASE, clock.now()));
        assertThat(running).hasSize(JOBS);
        return running;
    }

    private void requestCancelOfEach(List<Job> jobs) {
        for (Job job : jobs) {
            ChangeOutcome outcome = repository
                    .apply(List.of(new JobChange(job.id(), j -> j.cancelling(clock.now()))))
                    .getFirst();
            assertThat(outcome).isInstanceOf(ChangeOutcome.Applied.class);
        }
    }

    @Test
    void batchedHeartbeatsFromSnapshotsNeverEraseARequest() throws Exception {
        List<Job> running = runningJobs();
        Heartbeat heartbeat = new Heartbeat(repository, clock);

        runTogether(
                () -> {
                    for (int round = 0; round < 15; round++) {
                        // A moving clock makes every heartbeat a write; at a standing one it would change nothing.
                        clock.advance(Duration.ofSeconds(1));
                        heartbeat.heartbeatAll(running, LEASE);
                    }
                },
                () -> requestCancelOfEach(running));
        heartbeat.heartbeatAll(running, LEASE);

        assertThat(repository.findCancelRequested(running.stream().map(Job::id).toList()))
                .as("every request survives every heartbeat")
                .hasSize(JOBS);
    }

    @Test
    void batchedCompletionsFromSnapshotsRacingRequestsStoreNoResultForACancelledJob() throws Exception {
        List<Job> running = runningJobs();
        CompleteJob complete = new CompleteJob(repository, clock);
        List<ChangeOutcome> cancels = new ArrayList<>();

        runTogether(
                () -> {
                    for (int from = 0; from < JOBS; from += 10) {
                        complete.completeAll(running.subList(from, from + 10).stream()
                                .map(job -> Completion.of(job, new Json("{\"late\":true}")))
                                .toList());
                    }
                },
                () -> {
                    for (Job job : running) {
                        cancels.add(repository
                                .apply(List.of(new JobChange(job.id(), j -> j.cancelling(clock.now()))))
                                .getFirst());
                    }
                });

        int cancelled = 0;
        for (int i = 0; i < JOBS; i++) {
            Job stored = repository.find(running.get(i).id()).orElseThrow();
            if (cancels.get(i) instanceof ChangeOutcome.Applied) {
                assertThat(stored.state()).as("an accepted request wins").isEqualTo(JobState.CANCELLED);
                assertThat(stored.result()).isNull();
                cancelled++;
            } else {
                assertThat(stored.state()).isEqualTo(JobState.COMPLETED);
            }
        }
        assertThat(repository
                        .list(new JobQuery(JobState.CANCELLED, null, null, JOBS, null))
                        .jobs())
                .as("no job ends cancelled without an accepted request")
                .hasSize(cancelled);
    }

    private static void runTogether(ThrowingRunnable first, ThrowingRunnable second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (ThrowingRunnable task : List.of(first, second)) {
                futures.add(threads.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
