package dev.jobprocessor.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.cron.CronUtilsParser;
import dev.jobprocessor.adapters.http.EnqueueSignal;
import dev.jobprocessor.adapters.http.HttpServer;
import dev.jobprocessor.adapters.http.HttpTracing;
import dev.jobprocessor.adapters.http.JobsApi;
import dev.jobprocessor.adapters.http.Readiness;
import dev.jobprocessor.adapters.http.ServerMetrics;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.adapters.memory.InMemoryLeadership;
import dev.jobprocessor.adapters.memory.InMemoryScheduleRepository;
import dev.jobprocessor.adapters.metrics.JobMetrics;
import dev.jobprocessor.adapters.metrics.LeadershipGauge;
import dev.jobprocessor.adapters.metrics.PrometheusMetrics;
import dev.jobprocessor.adapters.metrics.PurgeMetrics;
import dev.jobprocessor.adapters.metrics.QueueGauges;
import dev.jobprocessor.adapters.metrics.QueueSettingsGauges;
import dev.jobprocessor.adapters.metrics.ScheduleMetrics;
import dev.jobprocessor.adapters.metrics.TableHealthGauges;
import dev.jobprocessor.adapters.metrics.TrendRecorder;
import dev.jobprocessor.adapters.metrics.WebhookMetrics;
import dev.jobprocessor.adapters.metrics.WorkerGauges;
import dev.jobprocessor.adapters.postgres.ConnectionPool;
import dev.jobprocessor.adapters.postgres.DatabaseSettings;
import dev.jobprocessor.adapters.postgres.JobCountFolder;
import dev.jobprocessor.adapters.postgres.JobNotificationListener;
import dev.jobprocessor.adapters.postgres.Migrations;
import dev.jobprocessor.adapters.postgres.PostgresBatchRepository;
import dev.jobprocessor.adapters.postgres.PostgresJobPurger;
import dev.jobprocessor.adapters.postgres.PostgresJobRepository;
import dev.jobprocessor.adapters.postgres.PostgresLeadership;
import dev.jobprocessor.adapters.postgres.PostgresQueueRepository;
import dev.jobprocessor.adapters.postgres.PostgresScheduleRepository;
import dev.jobprocessor.adapters.postgres.PostgresStatisticsReader;
import dev.jobprocessor.adapters.postgres.PostgresWebhookOutbox;
import dev.jobprocessor.adapters.postgres.PostgresWorkflowRepository;
import dev.jobprocessor.adapters.tracing.Tracing;
import dev.jobprocessor.adapters.webhook.JettyWebhookTransport;
import dev.jobprocessor.adapters.webhook.SystemAddressResolver;
import dev.jobprocessor.application.Cadences;
import dev.jobprocessor.application.CallbackPolicy;
import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.ConfigureQueue;
import dev.jobprocessor.application.DeliverWebhooks;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.FireSchedules;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.GetStatistics;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ListQueues;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.ObservedBatchRepository;
import dev.jobprocessor.application.ObservedJobPurger;
import dev.jobprocessor.application.ObservedJobRepository;
import dev.jobprocessor.application.ObservedWorkflowRepository;
import dev.jobprocessor.application.PurgeJob;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.QueueWebhooks;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetentionSweep;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.maintenance.MaintenanceRunner;
import dev.jobprocessor.application.maintenance.OldTransactionWarnings;
import dev.jobprocessor.application.maintenance.PeriodicTask;
import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Leadership;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.application.port.ScheduleRepository;
import dev.jobprocessor.application.port.ScheduleRepository.FireOutcome;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.port.WebhookOutbox;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.bootstrap.handlers.BuiltInHandlers;
import dev.jobprocessor.bootstrap.observability.LifecycleLog;
import dev.jobprocessor.bootstrap.observability.MicrometerServerMetrics;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Retention;
import dev.jobprocessor.domain.RetryPolicy;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: every component a subcommand needs, wired with plain constructors, and stopped in the one
 * safe order by {@link #close()} — stop claiming and finish or hand back work first, then stop maintenance (resigning
 * leadership), the API, the listener, the pool and the embedded database.
 */
final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final int REAPER_BATCH = 100;
    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);
    /** How far back the dashboard's trends reach (GET /admin/trends). */
    private static final Duration TRENDS_WINDOW = Duration.ofHours(1);

    private static final Duration COUNT_FOLDING = Duration.ofSeconds(1);
    private static final int WEBHOOK_PURGE_ROUND = 10_000;

    /**
     * How long one retention round may delete for: a large backlog (retention switched on over a long history) drains
     * over several rounds, and the other maintenance tasks are not held up for long.
     */
    private static final Duration RETENTION_ROUND = Duration.ofSeconds(10);

    /**
     * How often every process campaigns for maintenance leadership: a crashed leader is replaced within about this
     * long (its session ends with the process, which frees the lock at once).
     */
    private static final Duration CAMPAIGN_INTERVAL = Duration.ofSeconds(1);

    private final Settings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedDatabase embedded;
    private HikariDataSource pool;
    private Worker worker;
    private MaintenanceRunner maintenance;
    private JobNotificationListener listener;
    private JettyWebhookTransport webhookTransport;
    private WebhookDeliveryLoop webhookDelivery;
    private QueueWebhooks queueWebhooks;
    private HttpServer http;
    private PrometheusMetrics metrics;
    private TrendRecorder trends;
    private boolean closed;
    private final Tracing tracing;

    private Service(Settings settings, Tracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
    }

    /** Starts what {@code command} needs, tracing nothing but passing trace context on. */
    static Service start(Command command, Settings settings) {
        return start(command, settings, Tracing.propagatingOnly());
    }

    /**
     * Starts what {@code command} needs, traced by {@code tracing}, which the service closes with itself; on any
     * failure, stops what already started and rethrows.
     */
    static Service start(Command command, Settings settings, Tracing tracing) {
        Service service = new Service(settings, tracing);
        try {
            service.startComponents(command);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startComponents(Command command) {
        // Read before anything starts: a file that will not do stops the start with one line.
        SchedulesFile schedulesFile = settings.schedulesFile() == null || command == Command.MIGRATE
                ? null
                : SchedulesFile.read(settings.schedulesFile());
        if (settings.authenticates()) {
            LOG.info(
                    "authentication is on: {} API token(s) ({})",
                    settings.apiTokens().tokens().size(),
                    settings.apiTokens().tokens().stream()
                            .map(dev.jobprocessor.adapters.http.ApiToken::name)
                            .distinct()
                            .toList());
        } else if (command != Command.MIGRATE) {
            LOG.warn(
                    "authentication is off (no JOBS_API_TOKENS): anyone who can reach {}:{} can submit, read, cancel,"
                            + " retry and lease jobs; see docs/SECURITY.md",
                    settings.httpHost(),
                    command.servesHttp ? settings.httpPort() : settings.metricsPort());
        }
        if (!settings.leaseOutlastsFailover() && command != Command.MIGRATE) {
            LOG.warn(
                    "JOBS_LEASE_SECONDS={} is not longer than JOBS_EXPECTED_FAILOVER_SECONDS={}: a database failover"
                            + " may outlast the leases of running jobs, which would then run twice;"
                            + " see docs/HIGH_AVAILABILITY.md",
                    settings.lease().toSeconds(),
                    settings.expectedFailover().toSeconds());
        }
        Clock clock = new SystemClock();
        SecureRandom random = new SecureRandom();
        metrics = new PrometheusMetrics();
        JobRepository store;
        QueueRepository queueStore;
        StatisticsReader statistics;
        JobPurger purgeStore;
        ScheduleRepository scheduleStore;
        WorkflowRepository workflowStore;
        BatchRepository batchStore;
        WebhookOutbox webhookOutbox;
        Leadership leadership;
        Readiness readiness;
        JobCountFolder countFolder = null;
        if (settings.store() == Settings.Store.MEMORY) {
            LOG.info("JOBS_STORE=memory: jobs live in this process only and are lost when it stops");
            InMemoryJobRepository memory = new InMemoryJobRepository(random);
            store = memory;
            queueStore = memory;
            statistics = memory;
            purgeStore = memory;
            scheduleStore = new InMemoryScheduleRepository(memory, clock);
            workflowStore = memory;
            batchStore = memory;
            webhookOutbox = memory;
            leadership = InMemoryLeadership.alone(settings.workerId());
            readiness = () -> true;
        } else {
            DatabaseSettings database = databaseSettings();
            pool = ConnectionPool.create(database, "jobs", null, metrics.registry());
            Migrations migrations = new Migrations(pool, null);
            if (command.migrates) {
                int applied = migrations.migrate();
                LOG.info("database schema is up to date ({} migration(s) applied now)", applied);
            }
            if (command != Command.MIGRATE) {
                SchemaGate.admit(migrations.state());
            }
            // Statements run inside a trace (a request, a handler) are spans; the listener, the leader's locks and the
            // count folder keep the plain pool.
            DataSource traced = tracing.traced(pool);
            PostgresJobRepository postgres = new PostgresJobRepository(traced);
            store = postgres;
            queueStore = new PostgresQueueRepository(traced, postgres);
            statistics = new PostgresStatisticsReader(traced);
            purgeStore = new PostgresJobPurger(traced);
            scheduleStore = new PostgresScheduleRepository(traced);
            workflowStore = new PostgresWorkflowRepository(traced);
            batchStore = new PostgresBatchRepository(traced);
            webhookOutbox = new PostgresWebhookOutbox(traced);
            leadership = new PostgresLeadership(database, pool, settings.workerId());
            countFolder = new JobCountFolder(pool);
            readiness = new CachedReadiness(
                    new DatabaseReadiness(
                            migrations::upToDate, migrations::answers, Duration.ofMinutes(1), System::nanoTime),
                    Duration.ofSeconds(1));
        }
        if (command == Command.MIGRATE) {
            return;
        }
        JobMetrics jobMetrics = new JobMetrics(metrics.registry());
        JobObserver observer = jobMetrics.andThen(new LifecycleLog());
        JobRepository repository = new ObservedJobRepository(store, observer, jobMetrics::duplicatesAvoided);
        JobPurger purger = new ObservedJobPurger(purgeStore, new PurgeMetrics(metrics.registry()));
        trends = new TrendRecorder(
                metrics.registry(),
                TRENDS_WINDOW,
                settings.trendsInterval(),
                settings.queues().stream()
                        .flatMap(group -> group.queues().stream())
                        .toList());
        ServerMetrics serverMetrics = new MicrometerServerMetrics(metrics, trends);

        Backoff backoff = RetryPolicy.DEFAULT.backoff(random);
        LeaseJobs lease = new LeaseJobs(repository, clock);
        Heartbeat heartbeat = new Heartbeat(repository, clock);
        CompleteJob complete = new CompleteJob(repository, clock);
        FailJob fail = new FailJob(repository, clock, backoff);
        SnoozeJob snooze = new SnoozeJob(repository, clock);
        ReleaseJobs release = new ReleaseJobs(repository, clock);
        EnqueueSignal enqueueSignal = new EnqueueSignal();
        Cadences cadences = new Cadences(new CronUtilsParser());
        ManageSchedules manageSchedules =
                new ManageSchedules(scheduleStore, cadences, clock, random, settings.scheduleMinInterval());
        if (schedulesFile != null) {
            List<ScheduleRepository.Saved> applied = schedulesFile.apply(manageSchedules);
            LOG.info(
                    "JOBS_SCHEDULES_FILE {}: {} schedule(s), {} created, {} changed or unchanged",
                    schedulesFile.path(),
                    schedulesFile.size(),
                    applied.stream().filter(ScheduleRepository.Saved::created).count(),
                    applied.stream().filter(saved -> !saved.created()).count());
        }

        CallbackPolicy callbackPolicy = startWebhooks(webhookOutbox, queueStore, clock);

        if (command.runsWorkers) {
            worker = new Worker(
                    new WorkerSettings(
                            settings.workerId(),
                            settings.queues(),
                            settings.lease(),
                            settings.pollInterval(),
                            settings.workerPrefetch()),
                    BuiltInHandlers.all(Optional.ofNullable(settings.ledgerFile())),
                    lease,
                    heartbeat,
                    complete,
                    fail,
                    snooze,
                    release,
                    clock,
                    tracing.jobs());
            worker.start();
            Worker running = worker;
            WorkerGauges.register(
                    metrics.registry(),
                    settings.workerId(),
                    settings.workerSlots(),
                    running::inFlight,
                    running::buffered,
                    running::isRunning);
            LOG.info(
                    "worker {} runs up to {} jobs at once (prefetch {}) from queues {}",
                    settings.workerId(),
                    settings.workerSlots(),
                    settings.workerPrefetch(),
                    settings.queues());
        }
        if (pool != null) {
            Worker wakeable = worker;
            listener = new JobNotificationListener(pool, queue -> {
                enqueueSignal.signal();
                if (wakeable != null) {
                    wakeable.wake();
                }
            });
        }
        startMaintenance(
                leadership,
                new ReapExpiredLeases(repository, clock, backoff, REAPER_BATCH),
                new RetentionSweep(
                        purger, clock, settings.retention(), RETENTION_ROUND, System::nanoTime, queueStore::queues),
                statistics,
                queueStore,
                countFolder,
                new FireSchedules(scheduleStore, cadences, clock, random),
                webhookOutbox,
                clock);
        if (command.servesHttp) {
            ListQueues listQueues = new ListQueues(queueStore, statistics, clock);
            JobsApi api = new JobsApi(
                    new SubmitJob(repository, clock, random, callbackPolicy, tracing.jobs()),
                    new GetJob(repository, webhookOutbox),
                    new ListJobs(repository),
                    lease,
                    heartbeat,
                    complete,
                    fail,
                    snooze,
                    release,
                    new CancelJob(repository, clock),
                    new RetryJob(repository, clock),
                    new PurgeJob(purger),
                    new PurgeJobs(purger, clock),
                    listQueues,
                    new ConfigureQueue(queueStore, listQueues, clock, callbackPolicy),
                    manageSchedules,
                    new ManageWorkflows(
                            new ObservedWorkflowRepository(workflowStore, observer),
                            repository,
                            clock,
                            random,
                            callbackPolicy,
                            tracing.jobs()),
                    new ManageBatches(
                            new ObservedBatchRepository(batchStore, observer),
                            clock,
                            random,
                            callbackPolicy,
                            tracing.jobs()),
                    new GetStatistics(statistics, leadership, clock),
                    readiness,
                    serverMetrics,
                    enqueueSignal,
                    settings.lease(),
                    settings.apiTokens(),
                    new HttpTracing(tracing.openTelemetry(), tracing.jobs(), clock));
            http = HttpServer.start(api, settings.httpHost(), settings.httpPort());
            LOG.info("the API listens on http://{}:{}", settings.httpHost(), http.port());
        } else {
            http = HttpServer.startOperations(
                    readiness, serverMetrics, settings.apiTokens(), settings.httpHost(), settings.metricsPort());
            LOG.info(
                    "health, readiness and metrics on http://{}:{}/metrics (JOBS_METRICS_PORT)",
                    settings.httpHost(),
                    http.port());
        }
    }

    /**
     * Webhooks (docs/WEBHOOKS.md): every process delivers due deliveries on a thread of its own, signing each with its
     * queue's secret or {@code JOBS_WEBHOOK_SECRET}, and checks callback URLs at submit; the queues' webhook settings
     * are read now and again every second ({@link QueueWebhooks#REFRESH}).
     */
    private CallbackPolicy startWebhooks(WebhookOutbox outbox, QueueRepository queues, Clock clock) {
        WebhookSettings webhooks = settings.webhooks();
        queueWebhooks = new QueueWebhooks(queues);
        queueWebhooks.refresh();
        DestinationRule rule = new DestinationRule(webhooks.allowedDestinations());
        SystemAddressResolver resolver = new SystemAddressResolver();
        webhookTransport = new JettyWebhookTransport(rule, resolver, webhooks.timeout());
        webhookDelivery = new WebhookDeliveryLoop(
                new DeliverWebhooks(
                        outbox,
                        webhookTransport,
                        webhooks.retries(),
                        webhooks.timeout(),
                        clock,
                        webhooks.secret(),
                        queueWebhooks),
                webhooks.interval(),
                new WebhookMetrics(metrics.registry()));
        webhookDelivery.start();
        LOG.info(
                "webhooks: {}; up to {} attempts per delivery (JOBS_WEBHOOK_BACKOFF {}), {} s per attempt;"
                        + " destinations allowed beyond public https: {}",
                webhooks.enabled()
                        ? "signed with JOBS_WEBHOOK_SECRET unless a queue has its own secret"
                        : "no JOBS_WEBHOOK_SECRET, so only queues with a webhook_secret of their own take callback URLs",
                webhooks.retries().maxAttempts(),
                webhooks.retries(),
                webhooks.timeout().toSeconds(),
                webhooks.allowedDestinations().isEmpty() ? "none" : webhooks.allowedDestinations());
        return CallbackPolicy.of(rule, resolver, webhooks.enabled(), queueWebhooks);
    }

    /**
     * The periodic work, on one runner: the leader reaps expired leases, deletes the jobs whose retention ran out, and
     * folds count changes (PostgreSQL only; see migration V2); every process reads the counts behind its own
     * {@code jobs_pending} / {@code jobs_running} gauges and, with PostgreSQL, the jobs table's health behind the table
     * gauges. The leader alone logs the warning about an old open transaction, so a fleet writes one line, not one per
     * process.
     */
    private void startMaintenance(
            Leadership leadership,
            ReapExpiredLeases reaper,
            RetentionSweep retention,
            StatisticsReader statistics,
            QueueRepository queues,
            JobCountFolder countFolder,
            FireSchedules schedules,
            WebhookOutbox webhookOutbox,
            Clock clock) {
        QueueGauges gauges = new QueueGauges(
                metrics.registry(),
                settings.queues().stream()
                        .flatMap(group -> group.queues().stream())
                        .toList());
        List<PeriodicTask> tasks = new ArrayList<>();
        tasks.add(PeriodicTask.leaderOnly("reaping expired leases", settings.reaperInterval(), () -> {
            int reaped = reaper.reap();
            if (reaped > 0) {
                LOG.info("reaped {} expired lease(s)", reaped);
            }
        }));
        // In every process: the store hands each due schedule to one of them (docs/SCHEDULES.md).
        ScheduleMetrics scheduleMetrics = new ScheduleMetrics(metrics.registry());
        tasks.add(PeriodicTask.everyProcess("firing due schedules", settings.schedulerInterval(), () -> {
            for (FireOutcome fired : schedules.fireDue()) {
                scheduleMetrics.fired(fired);
                LOG.debug(
                        "schedule {} fired {} job(s) ({} already had theirs; skipped: {} missed, {} overlapping)",
                        fired.schedule(),
                        fired.created().size(),
                        fired.alreadyFired(),
                        fired.missedSkipped(),
                        fired.overlapSkipped());
            }
        }));
        logRetention(retention);
        // Always scheduled: a queue may be given a retention of its own at any time (PATCH /queues/{name}).
        tasks.add(PeriodicTask.leaderOnly("deleting expired jobs", settings.retentionInterval(), () -> {
            Map<JobState, Long> purged = retention.sweep();
            if (!purged.isEmpty()) {
                LOG.info(
                        "retention deleted {} expired job(s): {}",
                        purged.values().stream().mapToLong(Long::longValue).sum(),
                        purged.entrySet().stream()
                                .map(e -> e.getKey().wireName() + " " + e.getValue())
                                .collect(Collectors.joining(", ")));
            }
        }));
        QueueWebhooks webhookSettings = queueWebhooks;
        tasks.add(PeriodicTask.everyProcess(
                "reading the queues' webhook settings", QueueWebhooks.REFRESH, webhookSettings::refresh));
        Duration deliveryRetention = settings.webhooks().retention();
        if (!deliveryRetention.isZero()) {
            tasks.add(PeriodicTask.leaderOnly("deleting old webhook deliveries", settings.retentionInterval(), () -> {
                int purged = webhookOutbox.purgeEnded(clock.now().minus(deliveryRetention), WEBHOOK_PURGE_ROUND);
                if (purged > 0) {
                    LOG.info(
                            "retention deleted {} webhook deliveries that ended over {} ago",
                            purged,
                            DurationText.format(deliveryRetention));
                }
            }));
        }
        if (countFolder != null) {
            tasks.add(PeriodicTask.leaderOnly("folding job counts", COUNT_FOLDING, countFolder::fold));
        }
        QueueSettingsGauges settingsGauges = new QueueSettingsGauges(metrics.registry());
        tasks.add(PeriodicTask.everyProcess("reading job counts for the gauges", GAUGE_REFRESH, () -> {
            List<JobCount> counts = statistics.counts();
            gauges.update(counts);
            trends.countsRead(counts);
            settingsGauges.update(queues.queues(), counts);
        }));
        TrendRecorder recorder = trends;
        tasks.add(PeriodicTask.everyProcess(
                "sampling the dashboard's trends", settings.trendsInterval(), () -> recorder.sample(clock.now())));
        if (pool != null) {
            TableHealthGauges tableGauges = new TableHealthGauges(metrics.registry());
            OldTransactionWarnings warnings = OldTransactionWarnings.atLeast(settings.oldTransactionWarning());
            tasks.add(PeriodicTask.everyProcess("reading the jobs table's health", GAUGE_REFRESH, () -> {
                Optional<TableHealth> health = statistics.tableHealth();
                tableGauges.update(health);
                if (leads()) {
                    health.flatMap(warnings::check).ifPresent(LOG::warn);
                }
            }));
        }
        maintenance = new MaintenanceRunner(leadership, CAMPAIGN_INTERVAL, tasks);
        maintenance.start();
        MaintenanceRunner runner = maintenance;
        LeadershipGauge.register(metrics.registry(), settings.workerId(), runner::isLeader);
    }

    /** One line at start says how long finished jobs are kept, and loudly which states are kept for ever. */
    private void logRetention(RetentionSweep retention) {
        List<String> kept = new ArrayList<>();
        List<String> forever = new ArrayList<>();
        for (JobState state : Retention.FINAL_STATES) {
            if (retention.sweptStates().contains(state)) {
                kept.add(state.wireName() + " "
                        + DurationText.format(settings.retention().of(state)));
            } else {
                forever.add(state.wireName());
            }
        }
        LOG.info(
                "retention: finished jobs are deleted after {}, checked every {} ms by the maintenance leader{} (a queue may have its own: PATCH /queues/{name})",
                kept.isEmpty() ? "never" : String.join(", ", kept),
                settings.retentionInterval().toMillis(),
                forever.isEmpty() ? "" : "; " + String.join(", ", forever) + " jobs are kept for ever (0)");
    }

    private boolean leads() {
        MaintenanceRunner runner = maintenance;
        return runner != null && runner.isLeader();
    }

    private DatabaseSettings databaseSettings() {
        int poolSize = settings.workerSlots() + 10;
        if (settings.usesEmbeddedDatabase()) {
            embedded = EmbeddedDatabase.start(settings.dataDirectory());
            return DatabaseSettings.of(embedded.jdbcUrl(), null, null).withMaxPoolSize(poolSize);
        }
        return DatabaseSettings.of(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword())
                .withMaxPoolSize(poolSize);
    }

    /** Blocks until {@link #close()} has finished. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (worker != null) {
            LOG.info(
                    "stopping: no new jobs are claimed; waiting up to {} s for running ones",
                    settings.shutdownGrace().toSeconds());
            worker.shutdown(settings.shutdownGrace());
        }
        if (webhookDelivery != null) {
            webhookDelivery.close();
        }
        if (webhookTransport != null) {
            webhookTransport.close();
        }
        if (maintenance != null) {
            maintenance.close();
        }
        if (http != null) {
            http.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        // Last: the spans of everything above (the worker's final hand-backs too) are sent before the process ends.
        tracing.close();
        LOG.info("stopped");
        stopped.countDown();
    }

    /** The port the API (or, for {@code worker}, the metrics port) is bound to, for tests that start on port 0. */
    int httpPort() {
        return http == null ? -1 : http.port();
    }
}
