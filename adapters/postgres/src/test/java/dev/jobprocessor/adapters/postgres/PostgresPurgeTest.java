package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the contract cannot see of the PostgreSQL purges: the count tables of migration V2 stay exact across deletes
 * (before and after folding), a batch skips rows another transaction holds instead of waiting for them, and the single
 * purge serialises with an operator's retry of the same job.
 */
class PostgresPurgeTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Backoff NO_BACKOFF = attempt -> Duration.ZERO;
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final PostgresStatisticsReader statistics = new PostgresStatisticsReader(SCHEMA.dataSource());
    private final PostgresJobPurger purger = new PostgresJobPurger(SCHEMA.dataSource());
    private final JobCountFolder folder = new JobCountFolder(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(16);

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    /** {@code n} jobs of {@code type} in {@code queue}, claimed and finished: completed, failed or dead by index. */
    private List<Job> finishedJobs(int n, String queue, String type) {
        repository.enqueue(IntStream.range(0, n)
                .mapToObj(i ->
                        submissions.of(JobRequest.ofType(type).withQueue(queue).withMaxAttempts(1), clock.now()))
                .toList());
        List<Job> running =
                repository.claim(new ClaimRequest("w", List.of(queue), Set.of(type), n, LEASE, clock.now()));
        List<ChangeOutcome> outcomes = repository.apply(running.stream()
                .map(r -> new JobChange(r.id(), j -> switch (r.id().value().hashCode() & 3) {
                    case 0 -> j.failing(r.leaseToken(), Failure.retryable("x"), NO_BACKOFF, clock.now());
                    case 1 -> j.failing(r.leaseToken(), Failure.permanent("x"), NO_BACKOFF, clock.now());
                    default -> j.completing(r.leaseToken(), Json.EMPTY_OBJECT, clock.now());
                }))
                .toList());
        return outcomes.stream().map(o -> ((ChangeOutcome.Applied) o).after()).toList();
    }

    @Test
    void theCountTablesFollowEveryDeleteBeforeAndAfterFolding() throws Exception {
        finishedJobs(120, "mail", "send");
        finishedJobs(80, "reports", "build");
        repository.enqueue(List.of(submissions.ofType("send", clock.now())));
        folder.fold();
        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());

        for (JobState state : List.of(JobState.COMPLETED, JobState.DEAD)) {
            while (purger.purgeFinished(state, FAR_FUTURE, 13) > 0) {
                assertThat(statistics.counts())
                        .as("between batches, unfolded")
                        .containsExactlyElementsOf(SCHEMA.countsByGroupBy());
            }
        }
        Job failed = repository
                .list(new dev.jobprocessor.application.port.JobQuery(JobState.FAILED, null, null, 1, null))
                .jobs()
                .getFirst();
        assertThat(purger.purge(failed.id())).isInstanceOf(PurgeOutcome.Purged.class);
        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());

        folder.fold();
        assertThat(SCHEMA.number("SELECT count(*) FROM job_count_changes")).isZero();
        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());
        assertThat(SCHEMA.number("SELECT count(*) FROM job_counts WHERE state IN ('completed', 'dead')"))
                .as("groups emptied by the purge are gone from the folded table")
                .isZero();
        assertThat(statistics.counts().stream().mapToLong(JobCount::count).sum())
                .isEqualTo(SCHEMA.number("SELECT count(*) FROM jobs"));
    }

    @Test
    void aRoundsBatchesGoOnFromTheLastRowDeletedAndTakeEveryRowFinishedAtThatSameTime() {
        List<Job> completed = finishedJobs(60, "default", "t").stream()
                .filter(j -> j.state() == JobState.COMPLETED)
                .toList();
        assertThat(completed).hasSizeGreaterThan(14);

        int deleted = 0;
        int batch;
        do {
            batch = purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 7);
            deleted += batch;
        } while (batch == 7);

        assertThat(deleted)
                .as("all finished at one instant: each batch starts at that instant again (>=), so none is passed over")
                .isEqualTo(completed.size());
    }

    @Test
    void aRowFinishedBehindTheCursorIsLeftToTheNextRound() throws Exception {
        finishedJobs(30, "default", "t");
        long completed = SCHEMA.number("SELECT count(*) FROM jobs WHERE state = 'completed'");
        Instant cutoff = FAR_FUTURE;
        assertThat(purger.purgeFinished(JobState.COMPLETED, cutoff, 3)).isEqualTo(3);

        // A completion that commits now with a time an hour before the cursor (a worker whose clock is behind).
        clock.advance(Duration.ofSeconds(-3600));
        repository.enqueue(List.of(submissions.of(JobRequest.ofType("t").withQueue("late"), clock.now())));
        Job running = repository
                .claim(new ClaimRequest("w", List.of("late"), Set.of(), 1, LEASE, clock.now()))
                .getFirst();
        repository.apply(List.of(
                new JobChange(running.id(), j -> j.completing(running.leaseToken(), Json.EMPTY_OBJECT, clock.now()))));
        clock.advance(Duration.ofSeconds(3600));
        int rest = 0;
        int batch;
        do {
            batch = purger.purgeFinished(JobState.COMPLETED, cutoff, 3);
            rest += batch;
        } while (batch == 3);

        assertThat(rest).as("the round goes on from its cursor").isEqualTo(completed - 3);
        assertThat(repository.find(running.id()))
                .as("finished an hour behind the cursor")
                .isPresent();
        assertThat(purger.purgeFinished(JobState.COMPLETED, cutoff.minusSeconds(1), 1_000))
                .as("the next round starts from the front")
                .isEqualTo(1);
        assertThat(repository.find(running.id())).isEmpty();
    }

    @Test
    void aBatchSkipsRowsAnotherTransactionHoldsAndTakesThemLater() throws Exception {
        List<Job> jobs = finishedJobs(40, "default", "t");
        List<Job> completed =
                jobs.stream().filter(j -> j.state() == JobState.COMPLETED).toList();
        Job held = completed.getFirst();

        try (Connection holder = SCHEMA.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT 1 FROM jobs WHERE id = '" + held.id() + "' FOR UPDATE");
            }
            long started = System.nanoTime();
            int purged = purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 1_000);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(purged).isEqualTo(completed.size() - 1);
            assertThat(took).as("it did not wait for the lock").isLessThan(Duration.ofSeconds(5));
            assertThat(repository.find(held.id())).isPresent();
            holder.rollback();
        }
        assertThat(purger.purgeFinished(JobState.COMPLETED, FAR_FUTURE, 1_000)).isEqualTo(1);
        assertThat(repository.find(held.id())).isEmpty();
    }

    @Test
    void aSinglePurgeAndARetryOfTheSameJobSerialise() throws Exception {
        List<Job> dead = finishedJobs(160, "default", "t").stream()
                .filter(j -> j.state() == JobState.DEAD || j.state() == JobState.FAILED)
                .toList();
        assertThat(dead).isNotEmpty();
        clock.advance(Duration.ofDays(30));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<PurgeOutcome>> purges = new ArrayList<>();
            List<Future<ChangeOutcome>> retries = new ArrayList<>();
            for (Job job : dead) {
                retries.add(threads.submit(() -> repository
                        .apply(List.of(new JobChange(job.id(), j -> j.retrying(clock.now()))))
                        .getFirst()));
                purges.add(threads.submit(() -> purger.purge(job.id())));
            }
            for (int i = 0; i < dead.size(); i++) {
                PurgeOutcome purge = purges.get(i).get(1, TimeUnit.MINUTES);
                ChangeOutcome retry = retries.get(i).get(1, TimeUnit.MINUTES);
                JobId id = dead.get(i).id();
                switch (purge) {
                    case PurgeOutcome.Purged purged -> {
                        assertThat(retry)
                                .as("retried after the purge: no job")
                                .isInstanceOf(ChangeOutcome.Missing.class);
                        assertThat(repository.find(id)).isEmpty();
                    }
                    case PurgeOutcome.NotFinished notFinished -> {
                        assertThat(notFinished.state()).isEqualTo(JobState.PENDING);
                        assertThat(retry).as("retried before the purge").isInstanceOf(ChangeOutcome.Applied.class);
                        assertThat(repository.find(id))
                                .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
                    }
                    case PurgeOutcome.Missing missing -> throw new AssertionError("the job vanished: " + missing);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());
    }
}
