package dev.jobprocessor.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.postgres.ConnectionPool;
import dev.jobprocessor.adapters.postgres.Migrations;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's example on a real PostgreSQL, after a worker that is not there any more left a job running under a
 * one-second lease: the example migrates, runs its own job, reaps the crashed worker's lease and runs that job too,
 * and on the way out gives up its leadership.
 */
class LibraryExampleTest {

    @Test
    void theExampleRunsItsJobAndReapsTheJobOfACrashedWorker() throws Exception {
        try (ExampleDatabase database = ExampleDatabase.create()) {
            JobId abandoned = leaveAJobRunningUnderAShortLease(database);

            Job submitted;
            try (LibraryExample example = LibraryExample.start(database.settings())) {
                submitted = example.submitted();
                Job done = await(example.store(), submitted.id(), job -> job.state() == JobState.COMPLETED);
                assertThat(done.result().text()).isEqualTo("{\"sent\":true}");

                Job rescued = await(example.store(), abandoned, job -> job.state() == JobState.COMPLETED);
                assertThat(rescued.attempts()).isEqualTo(2);
                assertThat(rescued.errors()).hasSize(1);
                assertThat(rescued.errors().getFirst().message()).isEqualTo("lease expired");
                assertThat(leaderSessions(database))
                        .as("the example leads while it runs")
                        .isEqualTo(1);
            }
            assertThat(leaderSessions(database)).as("closing resigns").isZero();
        }
    }

    /** Migrates first (the example's own migration then has nothing to do), then claims a job and walks away. */
    private static JobId leaveAJobRunningUnderAShortLease(ExampleDatabase database) {
        try (HikariDataSource pool = ConnectionPool.create(database.settings(), "crashed-worker")) {
            new Migrations(pool, database.settings().schema()).migrate();
            JobRepository store = new PostgresJobRepository(pool);
            SystemClock clock = new SystemClock();
            JobId id = new SubmitJob(store, clock, new SecureRandom())
                    .submit(JobRequest.ofType("email.send"))
                    .job()
                    .id();
            List<Job> claimed = new LeaseJobs(store, clock)
                    .lease(new LeaseRequest("crashed-worker", List.of("default"), Set.of(), 1, Duration.ofSeconds(1)));
            assertThat(claimed).extracting(Job::id).containsExactly(id);
            return id;
        }
    }

    private static Job await(JobRepository store, JobId id, Predicate<Job> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Job last = null;
        while (System.nanoTime() < deadline) {
            last = store.find(id).orElseThrow();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not get there within 60 s; last: " + last);
    }

    private static long leaderSessions(ExampleDatabase database) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                                + " WHERE l.locktype = 'advisory' AND l.granted"
                                + " AND a.application_name = 'job-processor maintenance worker-1'");
                ResultSet count = statement.executeQuery()) {
            count.next();
            return count.getLong(1);
        }
    }
}
