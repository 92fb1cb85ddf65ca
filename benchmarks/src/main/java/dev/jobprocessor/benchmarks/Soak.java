package dev.jobprocessor.benchmarks;

import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.postgres.JobCountFolder;
import dev.jobprocessor.adapters.postgres.JobNotificationListener;
import dev.jobprocessor.adapters.postgres.PostgresJobPurger;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetentionSweep;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.maintenance.MaintenanceRunner;
import dev.jobprocessor.application.maintenance.PeriodicTask;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.Leadership;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.Retention;
import dev.jobprocessor.domain.RetryPolicy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak (docs/BENCHMARKS.md, "Soak"): a producer submits at a fixed rate through the library while a worker drains
 * and the maintenance runs, for {@code MINUTES}; in the middle third another connection holds a transaction open doing
 * nothing ({@code idle in transaction}), which keeps every row version since its snapshot from being cleaned up. It
 * prints one {@code MINUTE} line per minute and a {@code RESULT} line at the end. benchmarks/soak.sh gives it a
 * PostgreSQL cluster of its own with stock settings (autovacuum on).
 */
public final class Soak {

    private static final Duration LEASE = Duration.ofSeconds(30);
    /**
     * The producer: every 10 ms a clock thread hands one tick of RATE / 100 jobs (one enqueue statement) to a pool of
     * submitters, so that slow commits (each waits for its WAL flush) overlap instead of holding the rate back.
     */
    private static final int TICKS_PER_SECOND = 100;

    private static final int SUBMITTERS = 16;

    private final BenchmarkDatabase database;
    private final int minutes;
    private final int rate;
    private final int concurrency;
    private final Duration keepFinished;
    private final Duration retentionInterval;
    private final Clock clock = new SystemClock();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong submitFailures = new AtomicLong();
    private volatile MinuteSamples current = new MinuteSamples();
    private long submittedBefore;
    private long completedBefore;

    private Soak(
            BenchmarkDatabase database,
            int minutes,
            int rate,
            int concurrency,
            Duration keepFinished,
            Duration retentionInterval) {
        this.database = database;
        this.keepFinished = keepFinished;
        this.retentionInterval = retentionInterval;
        this.minutes = minutes;
        this.rate = rate;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int minutes = Integer.parseInt(env.getOrDefault("MINUTES", "20"));
        int rate = Integer.parseInt(env.getOrDefault("RATE", "1000"));
        int concurrency = Integer.parseInt(env.getOrDefault("CONCURRENCY", "16"));
        if (minutes < 3 || rate < TICKS_PER_SECOND || rate % TICKS_PER_SECOND != 0) {
            throw new IllegalArgumentException(
                    "MINUTES must be at least 3 and RATE a multiple of 100, got MINUTES=" + minutes + " RATE=" + rate);
        }
        Duration keepFinished = DurationText.parse(env.getOrDefault("RETENTION", "2m"));
        Duration retentionInterval =
                Duration.ofMillis(Long.parseLong(env.getOrDefault("RETENTION_INTERVAL_MS", "10000")));
        String host = env.getOrDefault("PGHOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
        String user = env.getOrDefault("PGUSER", "postgres");
        try (BenchmarkDatabase database = BenchmarkDatabase.create(host, port, user, concurrency + 8)) {
            new Soak(database, minutes, rate, concurrency, keepFinished, retentionInterval).run();
        }
    }

    private void run() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "soak: PostgreSQL %s, autovacuum=%s, synchronous_commit=%s, fsync=%s, shared_buffers=%s,"
                        + " MINUTES=%d, RATE=%d jobs/s, CONCURRENCY=%d, RETENTION=%s every %d ms, java %s, %d cores%n",
                database.setting("server_version"),
                database.setting("autovacuum"),
                database.setting("synchronous_commit"),
                database.setting("fsync"),
                database.setting("shared_buffers"),
                minutes,
                rate,
                concurrency,
                DurationText.format(keepFinished),
                retentionInterval.toMillis(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        TimedClaims store = new TimedClaims(
                new PostgresJobRepository(database.pool),
                nanos -> current.claims.add(nanos),
                nanos -> current.submits.add(nanos),
                nanos -> current.changes.add(nanos));
        Backoff backoff = RetryPolicy.DEFAULT.backoff(random);
        Worker worker = new Worker(
                new WorkerSettings(
                        "soak-" + ProcessHandle.current().pid(),
                        List.of("default"),
                        concurrency,
                        LEASE,
                        Duration.ofSeconds(1),
                        WorkerSettings.defaultPrefetch(concurrency)),
                JobHandlers.builder()
                        .register("noop", job -> {
                            current.pickups.add(ChronoUnit.NANOS.between(job.createdAt(), Instant.now()));
                            completed.incrementAndGet();
                            return HandlerResult.success(Json.EMPTY_OBJECT);
                        })
                        .build(),
                new LeaseJobs(store, clock),
                new Heartbeat(store, clock),
                new CompleteJob(store, clock),
                new FailJob(store, clock, backoff),
                new SnoozeJob(store, clock),
                new ReleaseJobs(store, clock),
                clock);
        JobNotificationListener listener = new JobNotificationListener(database.pool, queue -> worker.wake());
        MaintenanceRunner maintenance =
                new MaintenanceRunner(ALWAYS_LEADS, Duration.ofSeconds(1), maintenanceTasks(store, backoff));
        SubmitJob submit = new SubmitJob(store, clock, random);
        ScheduledExecutorService producerClock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        int perTick = rate / TICKS_PER_SECOND;
        List<JobRequest> tick = new ArrayList<>();
        for (int i = 0; i < perTick; i++) {
            tick.add(JobRequest.ofType("noop"));
        }
        List<Minute> report = new ArrayList<>();
        Connection stuck = null;
        worker.start();
        maintenance.start();
        Runnable submitOneTick = () -> {
            // counted before the commit, so a job is never completed before it counts as submitted
            submitted.addAndGet(perTick);
            try {
                submit.submitAll(tick);
            } catch (RuntimeException e) {
                submitted.addAndGet(-perTick);
                submitFailures.incrementAndGet();
            }
        };
        producerClock.scheduleAtFixedRate(
                () -> submitters.execute(submitOneTick), 0, 1_000_000 / TICKS_PER_SECOND, TimeUnit.MICROSECONDS);
        try {
            for (int minute = 1; minute <= minutes; minute++) {
                Phase phase = Phase.of(minute, minutes);
                if (phase == Phase.STUCK && stuck == null) {
                    stuck = holdATransactionOpen();
                }
                if (phase == Phase.RECOVERY && stuck != null) {
                    stuck.rollback();
                    stuck.close();
                    stuck = null;
                }
                Thread.sleep(60_000);
                MinuteSamples samples = current;
                current = new MinuteSamples();
                Minute line = measure(minute, phase, samples);
                report.add(line);
                System.out.println(line.line());
            }
        } finally {
            producerClock.shutdownNow();
            submitters.shutdownNow();
            worker.shutdown(Duration.ofSeconds(10));
            maintenance.close();
            listener.close();
            if (stuck != null) {
                stuck.close();
            }
        }
        System.out.println(SoakResult.of(report, rate, submitFailures.get()).line());
    }

    /** What the service's leader runs, with the service's intervals, and retention as RETENTION says. */
    private List<PeriodicTask> maintenanceTasks(TimedClaims store, Backoff backoff) {
        ReapExpiredLeases reaper = new ReapExpiredLeases(store, clock, backoff, 100);
        JobCountFolder counts = new JobCountFolder(database.pool);
        RetentionSweep retention = new RetentionSweep(
                new PostgresJobPurger(database.pool),
                clock,
                new Retention(keepFinished, keepFinished, keepFinished, keepFinished),
                Duration.ofSeconds(10));
        return List.of(
                PeriodicTask.leaderOnly("reaping expired leases", Duration.ofSeconds(1), reaper::reap),
                PeriodicTask.leaderOnly("folding job counts", Duration.ofSeconds(1), counts::fold),
                PeriodicTask.leaderOnly("deleting jobs past their retention", retentionInterval, retention::sweep));
    }

    /**
     * A session that starts a transaction, takes a transaction id and a snapshot, and then does nothing: PostgreSQL
     * keeps every row version newer than its snapshot until it ends, in every table of the cluster.
     */
    private Connection holdATransactionOpen() throws SQLException {
        Connection connection = database.connectOutsideThePool("soak idle in transaction");
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT txid_current()")) {
            row.next();
        }
        return connection;
    }

    private Minute measure(int minute, Phase phase, MinuteSamples samples) throws SQLException {
        long deadTuples = database.count("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables");
        long tableBytes = database.count("SELECT pg_total_relation_size('jobs')");
        long submittedNow = submitted.get();
        long completedNow = completed.get();
        Minute line = new Minute(
                minute,
                phase,
                submittedNow - submittedBefore,
                completedNow - completedBefore,
                submittedNow - completedNow,
                samples.claims.percentileMillis(50),
                samples.claims.percentileMillis(99),
                samples.pickups.percentileMillis(99),
                deadTuples,
                tableBytes / 1_048_576.0,
                samples.submits.percentileMillis(99),
                samples.changes.percentileMillis(99));
        submittedBefore = submittedNow;
        completedBefore = completedNow;
        return line;
    }

    private static final Leadership ALWAYS_LEADS = new Leadership() {
        @Override
        public boolean campaign() {
            return true;
        }

        @Override
        public Optional<String> leader() {
            return Optional.of("soak");
        }

        @Override
        public void resign() {}
    };

    /** The samples of one minute; swapped for a fresh one when the minute is reported. */
    private static final class MinuteSamples {
        final Samples claims = new Samples(1_000_000);
        final Samples pickups = new Samples(1_000_000);
        final Samples submits = new Samples(100_000);
        final Samples changes = new Samples(1_000_000);
    }
}
