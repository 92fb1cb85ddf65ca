package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trigger-maintained counts of migration V2 agree with a full {@code GROUP BY} over the jobs table: while writers
 * and several folders run at once, after folding, and after rows are deleted or the table is truncated by hand.
 */
class JobCountsTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Backoff NO_BACKOFF = attempt -> Duration.ZERO;

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private final PostgresStatisticsReader statistics = new PostgresStatisticsReader(SCHEMA.dataSource());
    private final JobCountFolder folder = new JobCountFolder(SCHEMA.dataSource());
    private final Submissions submissions = new Submissions(7);

    @BeforeEach
    void empty() {
        SCHEMA.truncate();
    }

    @Test
    void countsStayExactWhileWritersAndFoldersRunAtOnce() throws Exception {
        for (int batch = 0; batch < 6; batch++) {
            int from = batch;
            repository.enqueue(IntStream.range(0, 250)
                    .mapToObj(i -> submissions.of(
                            JobRequest.ofType("t" + (i % 3))
                                    .withQueue(from % 2 == 0 ? "even" : "odd")
                                    .withMaxAttempts(2),
                            clock.now()))
                    .toList());
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> folders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                folders.add(threads.submit(() -> {
                    int folded = 0;
                    while (writing.get()) {
                        folded += folder.fold();
                    }
                    return folded;
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "worker-" + w;
                writers.add(threads.submit(() -> {
                    List<Job> claimed;
                    do {
                        claimed = repository.claim(
                                new ClaimRequest(owner, List.of("even", "odd"), Set.of(), 20, LEASE, clock.now()));
                        repository.apply(claimed.stream()
                                .map(job -> new JobChange(job.id(), j -> outcome(j, job)))
                                .toList());
                    } while (!claimed.isEmpty());
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            int folded = 0;
            for (Future<Integer> f : folders) {
                folded += f.get(1, TimeUnit.MINUTES);
            }
            assertThat(folded).as("the folders had work to do").isPositive();
        } finally {
            threads.shutdownNow();
        }

        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());
        folder.fold();
        assertThat(SCHEMA.number("SELECT count(*) FROM job_count_changes")).isZero();
        assertThat(statistics.counts()).containsExactlyElementsOf(SCHEMA.countsByGroupBy());
        assertThat(statistics.counts().stream().mapToLong(JobCount::count).sum())
                .isEqualTo(1_500);
    }

    @Test
    void deletingAndTruncatingByHandKeepTheCountsTrue() throws Exception {
        List<Submission> batch = IntStream.range(0, 10)
                .mapToObj(i -> submissions.ofType("t", clock.now()))
                .toList();
        repository.enqueue(batch);
        folder.fold();

        execute("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs ORDER BY id LIMIT 4)");
        assertThat(statistics.counts()).containsExactly(new JobCount("default", "t", JobState.PENDING, 6, 0));

        execute("TRUNCATE jobs");
        assertThat(statistics.counts()).isEmpty();
        assertThat(SCHEMA.number("SELECT count(*) FROM job_counts")).isZero();
    }

    /** A third of the jobs complete, a third fail retryably (and come back), a third fail for good. */
    private Step outcome(Job current, Job claimed) {
        return switch (claimed.id().value().hashCode() & 3) {
            case 0 -> current.failing(claimed.leaseToken(), Failure.retryable("again"), NO_BACKOFF, clock.now());
            case 1 -> current.failing(claimed.leaseToken(), Failure.permanent("no"), NO_BACKOFF, clock.now());
            default -> current.completing(claimed.leaseToken(), Json.EMPTY_OBJECT, clock.now());
        };
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
