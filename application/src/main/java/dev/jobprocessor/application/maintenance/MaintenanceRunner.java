package dev.jobprocessor.application.maintenance;

import dev.jobprocessor.application.port.Leadership;
import dev.jobprocessor.domain.StretchingInterval;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the service's periodic tasks: every process campaigns for leadership each {@code campaignInterval}; a
 * leader-only task runs only while this process leads, an every-process task always. One runner per process, owned by
 * bootstrap and started and stopped with the service; stopping it resigns leadership, so a deploy hands it over at
 * once.
 *
 * <p>A failing round is followed by the next at the task's interval (maintenance must outlive a database restart), and
 * logged when the failures start and when they end ({@link FailureStreak}), not at every round. A slow round stretches
 * the wait before the next one ({@link StretchingInterval}): while the database is slow (an old snapshot held open),
 * maintenance must not take an ever larger share of it. {@link #runOnce()} runs one campaign and one round of every
 * eligible task on the caller's thread, for tests.
 */
public final class MaintenanceRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MaintenanceRunner.class.getName());

    /** Two threads: a slow round of one task (a long reap) does not hold up the campaign or the others for long. */
    private static final int THREADS = 2;

    private final Leadership leadership;
    private final Duration campaignInterval;
    private final List<PeriodicTask> tasks;
    private volatile boolean leading;
    /** Each task's failures, so an outage is logged when it starts and ends, not at every round. */
    private final Map<String, FailureStreak> streaks = new ConcurrentHashMap<>();

    private final FailureStreak campaignFailures = new FailureStreak("campaigning for maintenance leadership");
    private ScheduledExecutorService scheduler;
    private boolean closed;

    public MaintenanceRunner(Leadership leadership, Duration campaignInterval, List<PeriodicTask> tasks) {
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.campaignInterval = Objects.requireNonNull(campaignInterval, "campaignInterval");
        this.tasks = List.copyOf(tasks);
        if (campaignInterval.isNegative() || campaignInterval.isZero()) {
            throw new IllegalArgumentException("the campaign interval must be positive, got " + campaignInterval);
        }
    }

    /** Campaigns at once, then runs every task at once and at its interval, on the runner's own threads. */
    public synchronized void start() {
        if (scheduler != null || closed) {
            throw new IllegalStateException("a maintenance runner starts once");
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                THREADS, Thread.ofPlatform().name("maintenance-", 0).daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        scheduler = executor;
        campaign();
        schedule(campaignInterval, campaignInterval, this::campaign);
        for (PeriodicTask task : tasks) {
            // The first round at once: a fresh leader reaps what expired while no process ran, and gauges fill.
            scheduleRound(task, new StretchingInterval(task.interval()), Duration.ZERO);
        }
    }

    /** Whether this process led at its latest campaign. */
    public boolean isLeader() {
        return leading;
    }

    /** The leader as the store knows it (this process or another); empty when none leads. */
    public Optional<String> leader() {
        return leadership.leader();
    }

    /** One campaign, then one round of each task this process may run now; returns the names of the tasks run. */
    public List<String> runOnce() {
        campaign();
        List<String> ran = new ArrayList<>();
        for (PeriodicTask task : tasks) {
            if (runIfEligible(task)) {
                ran.add(task.name());
            }
        }
        return ran;
    }

    /** Stops every task (a round under way finishes its statement), then resigns leadership. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "a maintenance task did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (leading) {
            LOG.log(Level.INFO, "resigning maintenance leadership");
        }
        leading = false;
        leadership.resign();
    }

    private void schedule(Duration first, Duration interval, Runnable round) {
        scheduler.scheduleWithFixedDelay(
                round, first.toMillis(), Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** One round of {@code task} after {@code delay}; each round schedules the next when it ends. */
    private void scheduleRound(PeriodicTask task, StretchingInterval pace, Duration delay) {
        try {
            scheduler.schedule(
                    () -> {
                        long started = System.nanoTime();
                        runIfEligible(task);
                        scheduleRound(task, pace, pace.after(Duration.ofNanos(System.nanoTime() - started)));
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // close() shut the scheduler down while this round ran: there is no next round.
        }
    }

    private void campaign() {
        boolean was = leading;
        boolean now;
        try {
            now = leadership.campaign();
            campaignFailures.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
        } catch (RuntimeException e) {
            campaignFailures.failed(e.getMessage()).ifPresent(line -> LOG.log(Level.WARNING, line));
            now = false;
        }
        leading = now;
        if (now != was) {
            LOG.log(
                    Level.INFO,
                    now ? "this process now leads maintenance" : "this process no longer leads maintenance");
        }
    }

    private boolean runIfEligible(PeriodicTask task) {
        if (task.scope() == PeriodicTask.Scope.LEADER_ONLY && !leading) {
            return false;
        }
        FailureStreak streak = streaks.computeIfAbsent(task.name(), FailureStreak::new);
        try {
            task.run().run();
            streak.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
        } catch (RuntimeException e) {
            streak.failed(e.getMessage()).ifPresent(line -> LOG.log(Level.WARNING, line));
        }
        return true;
    }
}
