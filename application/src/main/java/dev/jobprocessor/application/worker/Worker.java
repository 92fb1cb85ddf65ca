package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.maintenance.FailureStreak;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.application.port.JobTracing;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leases jobs of the types it has handlers for and runs them, each queue with at most its own number of slots busy.
 * It builds the parts and starts and stops them: a {@link QueueProducer} with its {@link Slots} per
 * {@link QueueConcurrency}, one {@link LeaseKeeper} for all held jobs, one {@link ResultRecorder}, one ticker.
 *
 * <p>The worker's duties are public methods so tests can drive them with a settable clock: {@link #poll()} claims
 * jobs for free slots (and, with prefetch, for the buffers) and starts them, {@link #enforceTimeouts()} fails attempts
 * past their {@code timeout_seconds}, {@link #stopCancelled()} stops attempts an operator cancelled,
 * {@link #heartbeat()} extends leases that are running low, and
 * {@link #handBackStaleBuffered()} returns buffered jobs that waited too long for a slot. {@link #start()} runs them
 * on a schedule; {@link #wake()} makes the next claims happen at once (a job was enqueued).
 */
public final class Worker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());

    private final WorkerSettings settings;
    /** Used by the ticking thread only. */
    private final FailureStreak tickFailures = new FailureStreak("worker tick (heartbeats, time-outs, cancels)");

    private final ExecutorService handlerThreads;
    private final ResultRecorder recorder;
    private final Progress progress = new Progress();
    private final HandBack handBack;
    private final List<QueueProducer> producers;
    private final LeaseKeeper leaseKeeper;
    /** Guarded by {@code this}. */
    private ScheduledExecutorService ticker;

    private volatile boolean running;

    public Worker(
            WorkerSettings settings,
            JobHandlers handlers,
            LeaseJobs leaseJobs,
            Heartbeat heartbeat,
            CompleteJob completeJob,
            FailJob failJob,
            SnoozeJob snoozeJob,
            ReleaseJobs releaseJobs,
            Clock clock) {
        this(
                settings,
                handlers,
                leaseJobs,
                heartbeat,
                completeJob,
                failJob,
                snoozeJob,
                releaseJobs,
                clock,
                JobTracing.NONE);
    }

    /** As above, tracing each attempt into its job's trace (docs/OBSERVABILITY.md, "Traces"). */
    public Worker(
            WorkerSettings settings,
            JobHandlers handlers,
            LeaseJobs leaseJobs,
            Heartbeat heartbeat,
            CompleteJob completeJob,
            FailJob failJob,
            SnoozeJob snoozeJob,
            ReleaseJobs releaseJobs,
            Clock clock,
            JobTracing tracing) {
        if (handlers.types().isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one handler");
        }
        this.settings = settings;
        this.handlerThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("job-" + settings.workerId() + "-", 0).factory());
        this.recorder = new ResultRecorder(
                "worker-" + settings.workerId() + "-recorder",
                Math.max(2 * ResultRecorder.MAX_BATCH, 4 * settings.concurrency()),
                completeJob,
                failJob,
                snoozeJob,
                clock,
                progress::signal);
        this.handBack = new HandBack(releaseJobs, settings.workerId(), clock);
        HandlerRunner runner = new HandlerRunner(handlers, recorder, settings.workerId(), leaseJobs::dependenciesOf);
        List<QueueProducer> built = new ArrayList<>();
        for (QueueConcurrency queues : settings.queues()) {
            HandlerPace pace = new HandlerPace();
            built.add(new QueueProducer(
                    queues,
                    settings,
                    handlers.types(),
                    leaseJobs,
                    clock,
                    pace,
                    tracing,
                    (capacity, slotFreed) -> new Slots(
                            capacity,
                            settings.maxBufferWait(),
                            clock,
                            handlerThreads,
                            runner,
                            pace,
                            handBack,
                            progress,
                            slotFreed)));
        }
        this.producers = List.copyOf(built);
        this.leaseKeeper = new LeaseKeeper(
                producers.stream().map(QueueProducer::slots).toList(), heartbeat, recorder, handBack, clock, settings);
    }

    /** Claims once for every queue's free slots and buffer, and starts what fits; returns how many it claimed. */
    public int poll() {
        int claimed = 0;
        for (QueueProducer producer : producers) {
            claimed += producer.poll();
        }
        return claimed;
    }

    /** Hands back to pending every buffered job that waited too long for a slot (its attempt does not count). */
    public void handBackStaleBuffered() {
        producers.forEach(producer -> producer.slots().handBackStale());
    }

    /** Fails every attempt that has run past its job's {@code timeout_seconds}, freeing its slot at once. */
    public void enforceTimeouts() {
        leaseKeeper.enforceTimeouts();
    }

    /** Extends, in one store call, every lease with less than half a lease left; stops attempts that lost theirs. */
    public void heartbeat() {
        leaseKeeper.heartbeat();
    }

    /** Stops every running attempt whose job an operator cancelled, freeing its slot at once. */
    public void stopCancelled() {
        leaseKeeper.stopCancelled();
    }

    /** How many attempts hold a slot right now, across all queues. */
    public int inFlight() {
        return producers.stream()
                .mapToInt(producer -> producer.slots().inFlight())
                .sum();
    }

    /** How many claimed jobs wait in the buffers for a slot, across all queues. */
    public int buffered() {
        return producers.stream()
                .mapToInt(producer -> producer.slots().buffered())
                .sum();
    }

    /** Makes every queue's claim loop claim at once instead of waiting out its poll interval. */
    public void wake() {
        producers.forEach(QueueProducer::wake);
    }

    /** True from {@link #start()} until {@link #shutdown(Duration)} begins: the worker claims and runs jobs. */
    public boolean isRunning() {
        return running;
    }

    /** Starts claiming and ticking in the background; {@link #shutdown(Duration)} stops it. */
    public synchronized void start() {
        if (ticker != null) {
            throw new IllegalStateException("worker " + settings.workerId() + " already started");
        }
        running = true;
        long tickMillis = Math.max(1, settings.tickInterval().toMillis());
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("worker-" + settings.workerId() + "-ticker")
                .daemon()
                .factory());
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        producers.forEach(QueueProducer::start);
    }

    /**
     * Stops claiming, hands the buffered jobs back, waits up to {@code grace} for running attempts to finish, then
     * interrupts the rest and hands them back to pending ({@link ReleaseJobs}: their attempts do not count), so no job
     * stays running under a lease nobody holds and none moves closer to {@code dead} because the operator stopped a
     * worker.
     */
    public void shutdown(Duration grace) {
        running = false;
        producers.forEach(QueueProducer::stopClaiming);
        producers.forEach(QueueProducer::awaitStopped);
        List<Attempt> neverStarted = new ArrayList<>();
        producers.forEach(producer -> neverStarted.addAll(producer.slots().drain()));
        handBack.release(neverStarted);
        progress.signal();
        awaitIdle(grace);
        handBackUnfinished();
        recorder.close();
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = ticker;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        handlerThreads.shutdownNow();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /**
     * Waits (in real time, without moving any clock) until no attempt holds a slot, none waits in a buffer, and every
     * finished attempt is recorded in the store; false if time ran out.
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!progress.awaitUntil(
                () -> producers.stream().allMatch(producer -> producer.slots().isIdle()), deadline)) {
            return false;
        }
        try {
            return recorder.awaitRecorded(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Interrupts the attempts still running after the grace period and hands their jobs back, then frees the slots. */
    private void handBackUnfinished() {
        List<Attempt> unfinished = new ArrayList<>();
        List<Runnable> frees = new ArrayList<>();
        for (QueueProducer producer : producers) {
            for (Attempt attempt : producer.slots().running()) {
                if (attempt.settle()) {
                    attempt.interrupt();
                    unfinished.add(attempt);
                    frees.add(() -> producer.slots().release(attempt));
                }
            }
        }
        try {
            handBack.release(unfinished);
        } finally {
            frees.forEach(Runnable::run);
        }
    }

    private void tick() {
        try {
            handBackStaleBuffered();
            enforceTimeouts();
            stopCancelled();
            heartbeat();
            tickFailures.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
        } catch (RuntimeException e) {
            tickFailures.failed(String.valueOf(e)).ifPresent(line -> LOG.log(Level.WARNING, line, e));
        }
    }
}
