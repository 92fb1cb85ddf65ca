package dev.jobprocessor.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.cron.CronUtilsParser;
import dev.jobprocessor.adapters.http.ApiTokens;
import dev.jobprocessor.adapters.http.EnqueueSignal;
import dev.jobprocessor.adapters.http.HttpServer;
import dev.jobprocessor.adapters.http.HttpTracing;
import dev.jobprocessor.adapters.http.JobsApi;
import dev.jobprocessor.adapters.http.ServerMetrics;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.adapters.metrics.JobMetrics;
import dev.jobprocessor.adapters.metrics.PrometheusMetrics;
import dev.jobprocessor.adapters.postgres.JobNotificationListener;
import dev.jobprocessor.adapters.postgres.PostgresBatchRepository;
import dev.jobprocessor.adapters.postgres.PostgresJobPurger;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.adapters.postgres.PostgresQueueRepository;
import dev.jobprocessor.adapters.postgres.PostgresScheduleRepository;
import dev.jobprocessor.adapters.postgres.PostgresStatisticsReader;
import dev.jobprocessor.adapters.postgres.PostgresWorkflowRepository;
import dev.jobprocessor.adapters.tracing.Tracing;
import dev.jobprocessor.application.Cadences;
import dev.jobprocessor.application.CallbackPolicy;
import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.ConfigureQueue;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.GetStatistics;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ListQueues;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.PurgeJob;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Leadership;
import dev.jobprocessor.application.port.LifecycleEvent;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.RetryPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The benchmark: its workloads against a database it creates and drops. Everything runs through the same public
 * code a deployment runs (use cases, the PostgreSQL adapter, the worker, the HTTP API), with durable commits.
 */
public final class Benchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int HTTP_CLIENTS = 16;
    private static final int PICKUP_JOBS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The benchmark runs no maintenance, so no process leads; only /admin/stats would ask. */
    private static final Leadership NO_LEADER = new Leadership() {
        @Override
        public boolean campaign() {
            return false;
        }

        @Override
        public Optional<String> leader() {
            return Optional.empty();
        }

        @Override
        public void resign() {}
    };

    private final int jobs;
    private final int concurrency;
    private final int claimRows;
    private final Clock clock = new SystemClock();
    /** What the service runs with when no OTLP endpoint is set: trace context read and passed on, nothing recorded. */
    private final Tracing tracing = Tracing.propagatingOnly();

    private final SecureRandom random = new SecureRandom();
    private final BenchmarkDatabase database;
    private final PostgresJobRepository store;
    private boolean httpWarm;

    private Benchmark(int jobs, int concurrency, int claimRows, BenchmarkDatabase database) {
        this.jobs = jobs;
        this.concurrency = concurrency;
        this.claimRows = claimRows;
        this.database = database;
        this.store = new PostgresJobRepository(database.pool);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int jobs = Integer.parseInt(env.getOrDefault("JOBS", "20000"));
        int concurrency = Integer.parseInt(env.getOrDefault("CONCURRENCY", "16"));
        int claimRows = Integer.parseInt(env.getOrDefault("CLAIM_ROWS", "1000000"));
        String host = env.getOrDefault("PGHOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("PGPORT", "5432"));
        String user = env.getOrDefault("PGUSER", "postgres");
        try (BenchmarkDatabase database = BenchmarkDatabase.create(host, port, user, concurrency + 8)) {
            new Benchmark(jobs, concurrency, claimRows, database).run();
        }
    }

    private void run() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "benchmark: database %s, PostgreSQL %s, synchronous_commit=%s, fsync=%s, JOBS=%d, CONCURRENCY=%d,"
                        + " java %s, %d cores%n",
                database.name(),
                database.setting("server_version"),
                database.setting("synchronous_commit"),
                database.setting("fsync"),
                jobs,
                concurrency,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        String only = System.getenv().getOrDefault("WORKLOADS", "");
        if (!only.isBlank()) {
            runOnly(List.of(only.split(",")));
            return;
        }
        warmUp();
        Throughput throughput = throughput();
        double ceiling = SchemaCeiling.rate(database, jobs);
        Pickup pickup = pickup(Source.HTTP);
        Pickup libraryPickup = pickup(Source.LIBRARY);
        Samples idleSubmits = idleSubmit();
        Floors floors = floors();
        HttpRates http = httpSubmit();
        double remoteDrain = remoteDrain();
        ClaimLatencyWorkload.Latency claim = claimLatency();

        printSubmit(http);
        printIdleSubmit(idleSubmits);
        printPickup(libraryPickup);
        printPickup(pickup);
        printFloors(floors);
        double embeddedDrain = jobs / throughput.drainSeconds();
        printCeiling(ceiling, embeddedDrain);
        System.out.printf(
                Locale.ROOT,
                "REMOTE_DRAIN jobs=%d concurrency=%d jobs_per_s=%.0f embedded_jobs_per_s=%.0f ratio=%.2f%n",
                jobs,
                concurrency,
                remoteDrain,
                embeddedDrain,
                remoteDrain / embeddedDrain);
        if (claim != null) {
            System.out.printf(
                    Locale.ROOT,
                    "claim latency with %d completed rows: limit 1 p50 %.2f ms p99 %.2f ms; limit %d p50 %.2f ms%n",
                    claimRows,
                    claim.single().percentileMillis(50),
                    claim.single().percentileMillis(99),
                    concurrency,
                    claim.batch().percentileMillis(50));
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT peer=job-processor jobs=%d enqueue_s=%.3f drain_s=%.3f jobs_per_s=%.0f p50_pickup_ms=%.2f"
                        + " p99_pickup_ms=%.2f%n",
                jobs,
                throughput.enqueueSeconds(),
                throughput.drainSeconds(),
                jobs / throughput.drainSeconds(),
                pickup.samples().percentileMillis(50),
                pickup.samples().percentileMillis(99));
    }

    /**
     * {@code WORKLOADS=idle,submit,…}: the warm-up, then only the named workloads, each printing its own lines (no
     * {@code RESULT} line). For profiling one path without waiting for the others.
     */
    private void runOnly(List<String> names) throws Exception {
        warmUp();
        double drain = Double.NaN;
        for (String name : names) {
            switch (name.trim()) {
                case "drain" -> {
                    Throughput throughput = throughput();
                    drain = jobs / throughput.drainSeconds();
                }
                case "pickup-http" -> printPickup(pickup(Source.HTTP));
                case "pickup-library" -> printPickup(pickup(Source.LIBRARY));
                case "idle" -> printIdleSubmit(idleSubmit());
                case "submit" -> printSubmit(httpSubmit());
                case "remote" -> remoteDrain();
                case "floors" -> printFloors(floors());
                case "ceiling" -> printCeiling(SchemaCeiling.rate(database, jobs), drain);
                default ->
                    throw new IllegalArgumentException("WORKLOADS: unknown workload \"" + name
                            + "\"; known: drain, pickup-http, pickup-library, idle, submit, remote, floors, ceiling");
            }
        }
    }

    private static void printSubmit(HttpRates http) {
        System.out.printf(
                Locale.ROOT,
                "http submit: single %.0f jobs/s, batch of 100 %.0f jobs/s (16 clients)%n",
                http.single(),
                http.batch());
        System.out.printf(
                Locale.ROOT,
                "SUBMIT clients=%d http_single_per_s=%.0f pgbench_insert_per_s=%.0f ratio=%.2f%n",
                HTTP_CLIENTS,
                http.single(),
                http.pgbenchInsert(),
                http.single() / http.pgbenchInsert());
    }

    private static void printIdleSubmit(Samples idleSubmits) {
        System.out.printf(
                Locale.ROOT,
                "IDLE_SUBMIT requests=%d p50_ms=%.2f p99_ms=%.2f%n",
                idleSubmits.size(),
                idleSubmits.percentileMillis(50),
                idleSubmits.percentileMillis(99));
    }

    private static void printPickup(Pickup pickup) {
        System.out.printf(
                Locale.ROOT,
                "PICKUP source=%s jobs=%d p50_ms=%.2f p99_ms=%.2f%n",
                pickup.source().label,
                pickup.samples().size(),
                pickup.samples().percentileMillis(50),
                pickup.samples().percentileMillis(99));
    }

    private static void printFloors(Floors floors) {
        System.out.printf(
                Locale.ROOT,
                "FLOOR requests=%d health_p50_ms=%.2f health_p99_ms=%.2f memory_submit_p50_ms=%.2f"
                        + " memory_submit_p99_ms=%.2f sql_insert_p50_ms=%.2f sql_insert_p99_ms=%.2f"
                        + " sql_pickup_p50_ms=%.2f sql_pickup_p99_ms=%.2f%n",
                floors.health().size(),
                floors.health().percentileMillis(50),
                floors.health().percentileMillis(99),
                floors.memorySubmit().percentileMillis(50),
                floors.memorySubmit().percentileMillis(99),
                floors.sqlInsert().percentileMillis(50),
                floors.sqlInsert().percentileMillis(99),
                floors.sqlPickup().percentileMillis(50),
                floors.sqlPickup().percentileMillis(99));
    }

    /** The drain's ceiling; with {@code drain} (workload A of the same run, NaN when it did not run), their ratio. */
    private static void printCeiling(double ceiling, double drain) {
        System.out.printf(
                Locale.ROOT,
                "CEILING batch=%d clients=%d jobs_per_s=%.0f drain_ratio=%.2f%n",
                SchemaCeiling.BATCH,
                SchemaCeiling.CLIENTS,
                ceiling,
                drain / ceiling);
    }

    record Throughput(double enqueueSeconds, double drainSeconds) {}

    /**
     * The floors under the idle paths, each one job at a time 20 ms apart: {@code GET /health} of the same HTTP server
     * (Jetty, Javalin, the request log, no use case), {@code POST /jobs} with the memory store (the whole HTTP and
     * submit path, no database), and {@link SqlFloors} (PostgreSQL alone: the notifying insert, and insert to claim).
     */
    record Floors(Samples health, Samples memorySubmit, Samples sqlInsert, Samples sqlPickup) {}

    /** Where workload B's jobs come from: over HTTP to this process, or through the library in another process. */
    enum Source {
        HTTP("http"),
        LIBRARY("library");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    record Pickup(Source source, Samples samples) {}

    record HttpRates(double single, double batch, double pgbenchInsert) {}

    /** A short run of the whole path first, so the JIT and the pool are warm when the clock starts. */
    private void warmUp() throws Exception {
        database.reset();
        for (int round = 0; round < 3; round++) {
            drain(jobs);
            database.reset();
        }
        database.reset();
    }

    /**
     * Before the first workload over HTTP, and only then: three rounds of N/4 single submits and a round of batches.
     * The timed single submits are a few seconds, and a cold JIT took most of them. Not before the drain: with HTTP
     * traffic compiled first, the drain (which uses no HTTP) measured about 10 % slower (docs/BENCHMARKS.md).
     */
    private void warmHttp() throws Exception {
        if (httpWarm) {
            return;
        }
        httpWarm = true;
        database.reset();
        try (HttpServer http = HttpServer.start(api(observed(JobObserver.NONE), new EnqueueSignal()), "127.0.0.1", 0)) {
            for (int round = 0; round < 3; round++) {
                submitConcurrently(HTTP_CLIENTS, jobs / 4, http.port(), "/jobs", "{\"type\":\"noop\"}", 1);
                database.reset();
            }
            submitConcurrently(HTTP_CLIENTS, jobs / 100, http.port(), "/jobs/batch", batchOf100(), 100);
        }
        database.reset();
    }

    /** Workload A: batch-enqueue N no-op jobs, timed alone; then time N completions, committed, with workers. */
    private Throughput throughput() throws Exception {
        database.reset();
        String walBefore = database.text("SELECT pg_current_wal_lsn()::text");
        Throughput result = drain(jobs);
        long walBytes = database.count("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + walBefore + "')::bigint");
        long completed = database.count("SELECT count(*) FROM jobs WHERE state = 'completed'");
        if (completed != jobs) {
            throw new IllegalStateException("expected " + jobs + " completed jobs, found " + completed);
        }
        System.out.printf(
                Locale.ROOT,
                "workload A: enqueued %d in %.3f s (%.0f jobs/s); drained in %.3f s (%.0f jobs/s); WAL %.1f KiB per"
                        + " job%n",
                jobs,
                result.enqueueSeconds(),
                jobs / result.enqueueSeconds(),
                result.drainSeconds(),
                jobs / result.drainSeconds(),
                walBytes / 1024.0 / jobs);
        return result;
    }

    private Throughput drain(int count) throws Exception {
        SubmitJob submit = new SubmitJob(store, clock, random);
        long enqueueStart = System.nanoTime();
        enqueue(submit, count, "default");
        double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;

        CountDownLatch drained = new CountDownLatch(count);
        BatchSizes claims = new BatchSizes();
        BatchSizes completions = new BatchSizes();
        JobObserver countCompletions = steps -> {
            claims.add(steps.stream()
                    .filter(step -> step.event() == LifecycleEvent.STARTED)
                    .count());
            long completed = steps.stream()
                    .filter(step -> step.event() == LifecycleEvent.COMPLETED)
                    .count();
            completions.add(completed);
            for (long i = 0; i < completed; i++) {
                drained.countDown();
            }
        };
        long drainStart = System.nanoTime();
        try (Worker worker = worker(observed(countCompletions), job -> HandlerResult.success(Json.EMPTY_OBJECT))) {
            worker.start();
            if (!drained.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the jobs did not drain within 10 minutes");
            }
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "drain of %d: %d claims of %.1f jobs on average, %d completion batches of %.1f%n",
                count,
                claims.batches(),
                claims.average(),
                completions.batches(),
                completions.average());
        return new Throughput(enqueueSeconds, drainSeconds);
    }

    /** Counts the store calls that carried at least one job, and the jobs they carried. */
    private static final class BatchSizes {
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong jobs = new AtomicLong();

        void add(long size) {
            if (size > 0) {
                batches.incrementAndGet();
                jobs.addAndGet(size);
            }
        }

        long batches() {
            return batches.get();
        }

        double average() {
            return batches.get() == 0 ? 0 : (double) jobs.get() / batches.get();
        }
    }

    /**
     * Workload B: idle workers; 200 jobs submitted one at a time, 20 ms apart, each carrying its submit time, over HTTP
     * or through the library from another process; the handler records how long after that it started.
     */
    private Pickup pickup(Source source) throws Exception {
        warmHttp();
        database.reset();
        int count = PICKUP_JOBS;
        Samples samples = new Samples(count);
        Samples toCommitted = new Samples(count);
        Samples toClaimed = new Samples(count);
        Samples toHandler = new Samples(count);
        Map<JobId, Instant> committedAt = new ConcurrentHashMap<>();
        Map<JobId, Instant> claimedAt = new ConcurrentHashMap<>();
        // The wake-up path, for both sources: the notification's arrival, the claim's start and its round trip.
        Samples toNotified = new Samples(count);
        Samples toClaimStart = new Samples(count);
        Samples claimCalls = new Samples(count);
        AtomicReference<Instant> lastNotified = new AtomicReference<>();
        AtomicLong lastClaimNanos = new AtomicLong();
        Map<JobId, Instant> notifiedAt = new ConcurrentHashMap<>();
        Map<JobId, Long> claimNanos = new ConcurrentHashMap<>();
        CountDownLatch picked = new CountDownLatch(count);
        JobHandler recordPickup = job -> {
            Instant now = Instant.now();
            Instant submitted = Instant.parse(
                    JSON.readTree(job.payload().text()).get("submitted_at").asText());
            samples.add(ChronoUnit.NANOS.between(submitted, now));
            Instant committed = committedAt.get(job.id());
            Instant claimed = claimedAt.get(job.id());
            if (committed != null && claimed != null) {
                toCommitted.add(ChronoUnit.NANOS.between(submitted, committed));
                toClaimed.add(ChronoUnit.NANOS.between(committed, claimed));
            }
            Instant notified = notifiedAt.get(job.id());
            Long claimCall = claimNanos.get(job.id());
            if (notified != null && claimed != null && claimCall != null) {
                toNotified.add(ChronoUnit.NANOS.between(submitted, notified));
                toClaimStart.add(ChronoUnit.NANOS.between(notified, claimed) - claimCall);
                claimCalls.add(claimCall);
            }
            if (claimed != null) {
                toHandler.add(ChronoUnit.NANOS.between(claimed, now));
            }
            picked.countDown();
            return HandlerResult.success(Json.EMPTY_OBJECT);
        };
        // When the store call that committed the job, and the claim that returned it, came back to this process.
        JobObserver timeSteps = steps -> {
            Instant now = Instant.now();
            for (JobLifecycle step : steps) {
                switch (step.event()) {
                    case CREATED -> committedAt.put(step.job().id(), now);
                    case STARTED -> {
                        claimedAt.put(step.job().id(), now);
                        claimNanos.put(step.job().id(), lastClaimNanos.get());
                        Instant notified = lastNotified.get();
                        if (notified != null) {
                            notifiedAt.put(step.job().id(), notified);
                        }
                    }
                    default -> {}
                }
            }
        };
        JobRepository repository = new ObservedJobRepository(
                new TimedClaims(store, lastClaimNanos::set),
                new JobMetrics(new PrometheusMetrics().registry()).andThen(timeSteps));
        EnqueueSignal signal = new EnqueueSignal();
        Samples submits;
        try (Worker worker = worker(repository, recordPickup)) {
            JobNotificationListener listener = new JobNotificationListener(database.pool, queue -> {
                if (!queue.equals(JobNotificationListener.ANY_QUEUE)) {
                    lastNotified.set(Instant.now());
                }
                signal.signal();
                worker.wake();
            });
            try {
                worker.start();
                submits = switch (source) {
                    case HTTP -> {
                        try (HttpServer http = HttpServer.start(api(repository, signal), "127.0.0.1", 0)) {
                            yield submitOneAtATime(http.port(), count, "/jobs", JOB_WITH_SUBMIT_TIME);
                        }
                    }
                    case LIBRARY -> {
                        submitThroughTheLibrary(count);
                        yield null;
                    }
                };
                if (!picked.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("not every job was picked up");
                }
            } finally {
                listener.close();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "workload B (%s submits): pickup latency over %d jobs: p50 %.2f ms, p99 %.2f ms%s%n",
                source.label,
                samples.size(),
                samples.percentileMillis(50),
                samples.percentileMillis(99),
                submits == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (of which the HTTP submit itself: p50 %.2f ms, p99 %.2f ms)",
                                submits.percentileMillis(50),
                                submits.percentileMillis(99)));
        if (toCommitted.size() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "workload B: p50 of its steps: submit to enqueue committed %.2f ms, committed to claimed %.2f ms,"
                            + " claimed to handler %.2f ms%n",
                    toCommitted.percentileMillis(50),
                    toClaimed.percentileMillis(50),
                    toHandler.percentileMillis(50));
        }
        System.out.printf(
                Locale.ROOT,
                "workload B (%s submits): p50 (p99) of the wake-up path over %d jobs: submit to notification received"
                        + " %.2f (%.2f) ms, notification to claim sent %.2f (%.2f) ms, the claim call %.2f (%.2f) ms,"
                        + " claimed to handler %.2f (%.2f) ms%n",
                source.label,
                toNotified.size(),
                toNotified.percentileMillis(50),
                toNotified.percentileMillis(99),
                toClaimStart.percentileMillis(50),
                toClaimStart.percentileMillis(99),
                claimCalls.percentileMillis(50),
                claimCalls.percentileMillis(99),
                toHandler.percentileMillis(50),
                toHandler.percentileMillis(99));
        return new Pickup(source, samples);
    }

    /** The library pickup's producer: {@link LibrarySubmitter} in a JVM of its own, warmed before it starts. */
    private void submitThroughTheLibrary(int count) throws Exception {
        try (ChildProcess submitter = ChildProcess.start(
                LibrarySubmitter.class, database.jdbcUrl(), database.user(), Integer.toString(count))) {
            expect(submitter.readLine(), "ready");
            Thread.sleep(500); // idle: the workers are waiting, not polling a backlog
            submitter.send("go");
            expect(submitter.readLine(), "done");
        }
    }

    private static void expect(String line, String expected) {
        if (!line.equals(expected)) {
            throw new IllegalStateException("expected \"" + expected + "\" from the child process, got: " + line);
        }
    }

    /**
     * The idle single submit: no workers, one {@code POST /jobs} at a time, 20 ms apart (so every request finds the
     * server and the database idle), timed until the whole response is read.
     */
    private Samples idleSubmit() throws Exception {
        warmHttp();
        database.reset();
        JobRepository repository = observed(JobObserver.NONE);
        try (HttpServer http = HttpServer.start(api(repository, new EnqueueSignal()), "127.0.0.1", 0)) {
            return submitOneAtATime(http.port(), PICKUP_JOBS, "/jobs", NOOP_JOB);
        }
    }

    /** The idle paths' floors ({@link Floors}), measured beside the idle submit and pickup in the same run. */
    private Floors floors() throws Exception {
        warmHttp();
        database.reset();
        Samples health;
        Samples memorySubmit;
        try (HttpServer http =
                HttpServer.start(api(new InMemoryJobRepository(random), new EnqueueSignal()), "127.0.0.1", 0)) {
            // The memory store's own code paths are cold until they have run as often as the warm-up ran the others.
            submitConcurrently(HTTP_CLIENTS, jobs / 4, http.port(), "/jobs", "{\"type\":\"noop\"}", 1);
            getOneAtATime(http.port(), jobs / 4, "/health", 0);
            health = getOneAtATime(http.port(), PICKUP_JOBS, "/health", 20);
            memorySubmit = submitOneAtATime(http.port(), PICKUP_JOBS, "/jobs", NOOP_JOB);
        }
        SqlFloors sql = new SqlFloors(database);
        Samples insert = sql.insert(PICKUP_JOBS);
        database.reset(); // the claim must find only the job just inserted
        Samples pickup = sql.pickup(PICKUP_JOBS);
        database.reset();
        return new Floors(health, memorySubmit, insert, pickup);
    }

    /** GETs {@code path} one request at a time, {@code pauseMillis} apart, on one connection; each until read whole. */
    private static Samples getOneAtATime(int port, int count, String path, long pauseMillis) throws Exception {
        Samples gets = new Samples(count);
        try (PlainHttpClient client = new PlainHttpClient("127.0.0.1", port)) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                int status = client.get(path);
                gets.add(System.nanoTime() - start);
                if (status != 200) {
                    throw new IllegalStateException(path + " answered " + status);
                }
                Thread.sleep(pauseMillis);
            }
        }
        return gets;
    }

    /**
     * The remote-worker drain: N jobs enqueued in batches, then drained by {@link RemoteWorkerProcess} (another JVM,
     * concurrency as workload A) through this process's HTTP API. Two drains of N warm both JVMs; the third is timed.
     */
    private double remoteDrain() throws Exception {
        warmHttp();
        database.reset();
        JobRepository repository = observed(JobObserver.NONE);
        SubmitJob submit = new SubmitJob(repository, clock, random);
        try (HttpServer http = HttpServer.start(api(repository, new EnqueueSignal()), "127.0.0.1", 0);
                ChildProcess worker = ChildProcess.start(
                        RemoteWorkerProcess.class,
                        "127.0.0.1",
                        Integer.toString(http.port()),
                        Integer.toString(concurrency))) {
            double seconds = 0;
            for (int count : new int[] {jobs, jobs, jobs}) {
                database.reset();
                enqueue(submit, count, "remote");
                worker.send("drain remote " + count);
                String[] drained = worker.readLine().split(" ");
                expect(drained[0], "drained");
                seconds = Double.parseDouble(drained[1]);
                long completed = database.count("SELECT count(*) FROM jobs WHERE state = 'completed'");
                if (completed != count) {
                    throw new IllegalStateException("expected " + count + " completed jobs, found " + completed);
                }
                System.out.printf(
                        Locale.ROOT,
                        "remote drain of %d: %.3f s (%.0f jobs/s), %s leases, %s completion batches%n",
                        count,
                        seconds,
                        count / seconds,
                        drained[2],
                        drained[3]);
            }
            return jobs / seconds;
        }
    }

    private static void enqueue(SubmitJob submit, int count, String queue) {
        for (int from = 0; from < count; from += SubmitJob.MAX_BATCH_SIZE) {
            int size = Math.min(SubmitJob.MAX_BATCH_SIZE, count - from);
            List<JobRequest> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(JobRequest.ofType("noop").withQueue(queue));
            }
            submit.submitAll(batch);
        }
    }

    private static final Supplier<String> JOB_WITH_SUBMIT_TIME =
            () -> "{\"type\":\"noop\",\"payload\":{\"submitted_at\":\"" + Instant.now() + "\"}}";

    private static final Supplier<String> NOOP_JOB = () -> "{\"type\":\"noop\",\"queue\":\"idle\"}";

    /** Submits one job at a time over HTTP, 20 ms apart; returns how long each submit took (until its 201). */
    private static Samples submitOneAtATime(int port, int count, String path, Supplier<String> bodies)
            throws Exception {
        Samples submits = new Samples(count);
        try (PlainHttpClient client = new PlainHttpClient("127.0.0.1", port)) {
            Thread.sleep(500); // idle: the workers are waiting, not polling a backlog
            for (int i = 0; i < count; i++) {
                String body = bodies.get();
                long start = System.nanoTime();
                int status = client.postJson(path, body);
                submits.add(System.nanoTime() - start);
                if (status != 201) {
                    throw new IllegalStateException("submit answered " + status);
                }
                Thread.sleep(20);
            }
        }
        return submits;
    }

    /** HTTP submit throughput with 16 concurrent clients: single jobs, then batches of 100. No workers run. */
    private HttpRates httpSubmit() throws Exception {
        warmHttp();
        database.reset();
        JobRepository repository = observed(JobObserver.NONE);
        try (HttpServer http = HttpServer.start(api(repository, new EnqueueSignal()), "127.0.0.1", 0)) {
            int clients = HTTP_CLIENTS;
            int singles = Math.max(clients, jobs / 4);
            double single = submitConcurrently(
                    clients, singles, http.port(), "/jobs", "{\"type\":\"noop\",\"queue\":\"http\"}", 1);
            database.reset();
            double pgbench = PgbenchInsert.rate(database, clients, 8);
            database.reset();
            double batched = submitConcurrently(
                    clients, Math.max(clients, jobs / 100), http.port(), "/jobs/batch", batchOf100(), 100);
            return new HttpRates(single, batched, pgbench);
        }
    }

    private static String batchOf100() {
        StringBuilder batch = new StringBuilder("{\"jobs\":[");
        for (int i = 0; i < 100; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"type\":\"noop\",\"queue\":\"http\"}");
        }
        return batch.append("]}").toString();
    }

    private static double submitConcurrently(
            int clients, int requests, int port, String path, String body, int jobsPerRequest) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(threads.submit(() -> {
                    try (PlainHttpClient client = new PlainHttpClient("127.0.0.1", port)) {
                        while (next.getAndIncrement() < requests) {
                            int status = client.postJson(path, body);
                            if (status != 201) {
                                throw new IllegalStateException(path + " answered " + status);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return (double) requests * jobsPerRequest / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Claim latency with {@code CLAIM_ROWS} completed rows in the table and 1 000 pending ones. */
    private ClaimLatencyWorkload.Latency claimLatency() throws Exception {
        if (claimRows <= 0) {
            return null;
        }
        ClaimLatencyWorkload workload = new ClaimLatencyWorkload(database, store, clock, random, concurrency);
        workload.history(claimRows);
        return workload.measure();
    }

    private JobRepository observed(JobObserver extra) {
        PrometheusMetrics metrics = new PrometheusMetrics();
        return new ObservedJobRepository(store, new JobMetrics(metrics.registry()).andThen(extra));
    }

    private Worker worker(JobRepository repository, JobHandler handler) {
        return new Worker(
                new WorkerSettings(
                        "bench-" + ProcessHandle.current().pid(),
                        List.of("default"),
                        concurrency,
                        LEASE,
                        Duration.ofMillis(1_000),
                        WorkerSettings.defaultPrefetch(concurrency)),
                JobHandlers.builder().register("noop", handler).build(),
                new LeaseJobs(repository, clock),
                new Heartbeat(repository, clock),
                new CompleteJob(repository, clock),
                new FailJob(repository, clock, RetryPolicy.DEFAULT.backoff(random)),
                new SnoozeJob(repository, clock),
                new ReleaseJobs(repository, clock),
                clock,
                tracing.jobs());
    }

    private JobsApi api(JobRepository repository, EnqueueSignal signal) {
        PostgresStatisticsReader statistics = new PostgresStatisticsReader(database.pool);
        ListQueues listQueues = new ListQueues(new PostgresQueueRepository(database.pool, store), statistics, clock);
        return new JobsApi(
                new SubmitJob(repository, clock, random, CallbackPolicy.off(), tracing.jobs()),
                new GetJob(repository),
                new ListJobs(repository),
                new LeaseJobs(repository, clock),
                new Heartbeat(repository, clock),
                new CompleteJob(repository, clock),
                new FailJob(repository, clock, RetryPolicy.DEFAULT.backoff(random)),
                new SnoozeJob(repository, clock),
                new ReleaseJobs(repository, clock),
                new CancelJob(repository, clock),
                new RetryJob(repository, clock),
                new PurgeJob(new PostgresJobPurger(database.pool)),
                new PurgeJobs(new PostgresJobPurger(database.pool), clock),
                listQueues,
                new ConfigureQueue(new PostgresQueueRepository(database.pool, store), listQueues, clock),
                new ManageSchedules(
                        new PostgresScheduleRepository(database.pool),
                        new Cadences(new CronUtilsParser()),
                        clock,
                        random,
                        Duration.ofSeconds(10)),
                new ManageWorkflows(new PostgresWorkflowRepository(database.pool), repository, clock, random),
                new ManageBatches(new PostgresBatchRepository(database.pool), clock, random),
                new GetStatistics(statistics, NO_LEADER, clock),
                () -> true,
                ServerMetrics.NONE,
                signal,
                LEASE,
                ApiTokens.none(),
                new HttpTracing(tracing.openTelemetry(), tracing.jobs(), clock));
    }
}
