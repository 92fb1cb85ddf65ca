package dev.jobprocessor.example;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.postgres.ConnectionPool;
import dev.jobprocessor.adapters.postgres.DatabaseSettings;
import dev.jobprocessor.adapters.postgres.JobCountFolder;
import dev.jobprocessor.adapters.postgres.Migrations;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.adapters.postgres.PostgresLeadership;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.maintenance.MaintenanceRunner;
import dev.jobprocessor.application.maintenance.PeriodicTask;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.RetryPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The README's "Using it as a library": a Java application that embeds the queue, with its own handlers, on its own
 * PostgreSQL. The code between the {@code README} markers is shown in the README word for word
 * ({@code ReadmeShowsTheExampleTest} keeps them equal), and {@code LibraryExampleTest} runs it against a real
 * PostgreSQL: migrations, a worker, and the maintenance that reaps the jobs of a crashed worker.
 */
public final class LibraryExample implements AutoCloseable {

    private final HikariDataSource pool;
    private final JobRepository store;
    private final Worker worker;
    private final MaintenanceRunner maintenance;
    private final Job job;

    private LibraryExample(
            HikariDataSource pool, JobRepository store, Worker worker, MaintenanceRunner maintenance, Job job) {
        this.pool = pool;
        this.store = store;
        this.worker = worker;
        this.maintenance = maintenance;
        this.job = job;
    }

    /** Connects, migrates, starts a worker and the maintenance runner, and submits one job. */
    public static LibraryExample start(DatabaseSettings database) {
        // README:start
        HikariDataSource pool = ConnectionPool.create(database, "jobs");
        new Migrations(pool, database.schema()).migrate(); // creates or upgrades the schema; safe in every process

        Clock clock = new SystemClock();
        SecureRandom random = new SecureRandom();
        Backoff backoff = RetryPolicy.DEFAULT.backoff(random);
        JobRepository store = new PostgresJobRepository(pool);

        JobHandlers handlers = JobHandlers.builder()
                .register("email.send", job -> HandlerResult.success(new Json("{\"sent\":true}")))
                .build();
        Worker worker = new Worker(
                new WorkerSettings("worker-1", List.of("default"), 8, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                handlers,
                new LeaseJobs(store, clock),
                new Heartbeat(store, clock),
                new CompleteJob(store, clock),
                new FailJob(store, clock, backoff),
                new SnoozeJob(store, clock),
                new ReleaseJobs(store, clock),
                clock);

        // Of all the processes sharing the database, one leads: it reaps expired leases (the jobs of a worker that
        // crashed) and folds the job counts. When it stops or dies, another takes over within a second.
        ReapExpiredLeases reaper = new ReapExpiredLeases(store, clock, backoff, 100);
        JobCountFolder counts = new JobCountFolder(pool);
        MaintenanceRunner maintenance = new MaintenanceRunner(
                new PostgresLeadership(database, pool, "worker-1"),
                Duration.ofSeconds(1),
                List.of(
                        PeriodicTask.leaderOnly("reaping expired leases", Duration.ofSeconds(1), reaper::reap),
                        PeriodicTask.leaderOnly("folding job counts", Duration.ofSeconds(1), counts::fold)));

        worker.start();
        maintenance.start();

        SubmitJob submit = new SubmitJob(store, clock, random);
        Job job = submit.submit(JobRequest.ofType("email.send").withPayload(new Json("{\"to\":\"a@example.com\"}")))
                .job();
        // README:end
        return new LibraryExample(pool, store, worker, maintenance, job);
    }

    /** The job {@link #start} submitted. */
    public Job submitted() {
        return job;
    }

    /** The store the example runs on, for a caller that wants to look at its jobs. */
    public JobRepository store() {
        return store;
    }

    /** Stops as a library user would on the way out. */
    @Override
    public void close() {
        // README:stop
        worker.shutdown(Duration.ofSeconds(30)); // finishes running jobs or hands them back to pending
        maintenance.close(); // resigns leadership, so another process takes over at once
        pool.close();
        // README:end
    }
}
