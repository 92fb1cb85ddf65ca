package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.application.port.JobHandlers;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseLostException;
import dev.jobprocessor.domain.LeaseToken;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leases jobs of the types it has handlers for and runs them, at most {@code concurrency} at a time.
 *
 * <p>The worker's duties are public methods so tests can drive them with a settable clock: {@link #poll()} claims
 * jobs for free slots (and, with prefetch, for a local buffer) and starts them, {@link #enforceTimeouts()} fails
 * attempts past their {@code timeout_seconds}, {@link #heartbeat()} extends leases that are running low, and
 * {@link #handBackStaleBuffered()} returns buffered jobs that waited too long for a slot. {@link #start()} runs them
 * on a schedule; {@link #wake()} makes the next poll happen at once (a job was enqueued, or a slot freed).
 *
 * <p>A finished handler's slot goes straight to the next buffered job, without a round trip to the store; the buffer
 * is refilled by one claim when it is half empty (see {@link HandlerPace} for its size).
 */
public final class Worker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());

    private final WorkerSettings settings;
    private final JobHandlers handlers;
    private final LeaseJobs leaseJobs;
    private final Heartbeat heartbeat;
    private final ReleaseJobs releaseJobs;
    private final Clock clock;
    private final ConcurrentMap<JobId, Attempt> inFlight = new ConcurrentHashMap<>();
    /** Claimed jobs waiting for a slot, in claim order; attempts move to {@link #inFlight} only under its lock. */
    private final Deque<Attempt> buffer = new ArrayDeque<>();

    private final HandlerPace pace = new HandlerPace();
    private final ExecutorService handlerThreads;
    private final Object signal = new Object();
    private boolean wakeRequested;
    private volatile boolean claiming = true;
    private Thread pollLoop;
    private ScheduledExecutorService ticker;
    private final ResultRecorder recorder;

    public Worker(
            WorkerSettings settings,
            JobHandlers handlers,
            LeaseJobs leaseJobs,
            Heartbeat heartbeat,
            CompleteJob completeJob,
            FailJob failJob,
            ReleaseJobs releaseJobs,
            Clock clock) {
        if (handlers.types().isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one handler");
        }
        this.settings = settings;
        this.handlers = handlers;
        this.leaseJobs = leaseJobs;
        this.heartbeat = heartbeat;
        this.releaseJobs = releaseJobs;
        this.clock = clock;
        this.handlerThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("job-" + settings.workerId() + "-", 0).factory());
        this.recorder = new ResultRecorder(
                "worker-" + settings.workerId() + "-recorder",
                Math.max(2 * ResultRecorder.MAX_BATCH, 4 * settings.concurrency()),
                completeJob,
                failJob,
                this::signalProgress);
    }

    /**
     * Claims due jobs for the free slots and, with prefetch, for the buffer, then starts as many as there are free
     * slots; returns how many it claimed. Claims nothing while the buffer is more than half full: the buffer feeds the
     * slots, and waiting lets the next claim be a large one.
     */
    public int poll() {
        int limit = claiming ? claimLimit() : 0;
        if (limit == 0) {
            startBuffered();
            return 0;
        }
        List<Job> jobs = leaseJobs.lease(
                new LeaseRequest(settings.workerId(), settings.queues(), handlers.types(), limit, settings.lease()));
        Instant now = clock.now();
        synchronized (buffer) {
            for (Job job : jobs) {
                buffer.add(new Attempt(job, now.plusSeconds(job.timeoutSeconds())));
            }
        }
        startBuffered();
        return jobs.size();
    }

    /**
     * Hands back to pending every buffered job that has waited {@link WorkerSettings#maxBufferWait()} for a slot
     * (its attempt does not count), so a job never sits behind slow handlers here while other workers are idle.
     */
    public void handBackStaleBuffered() {
        Instant now = clock.now();
        List<Attempt> stale = new ArrayList<>();
        synchronized (buffer) {
            buffer.removeIf(attempt -> {
                boolean waitedTooLong = waitedTooLong(attempt, now);
                if (waitedTooLong) {
                    stale.add(attempt);
                }
                return waitedTooLong;
            });
        }
        handBackStale(stale);
    }

    /** Hands back buffered jobs that waited too long, and stops buffering until a handler finishes. */
    private void handBackStale(List<Attempt> stale) {
        if (!stale.isEmpty()) {
            pace.bufferWaitedTooLong();
            handBackBuffered(stale);
        }
    }

    /**
     * True once a buffered job has waited {@link WorkerSettings#maxBufferWait()}, or a quarter of its timeout (which
     * counts from the claim), whichever is shorter: started later, a short job could time out before its handler ran.
     */
    private boolean waitedTooLong(Attempt attempt, Instant now) {
        Job job = attempt.job();
        Duration quarterTimeout = Duration.ofSeconds(job.timeoutSeconds()).dividedBy(4);
        Duration limit =
                quarterTimeout.compareTo(settings.maxBufferWait()) < 0 ? quarterTimeout : settings.maxBufferWait();
        return !job.startedAt().plus(limit).isAfter(now);
    }

    /**
     * Hands back jobs that never left the buffer. They held no slot, so nothing is freed, and no claim is asked for:
     * after a stale hand-back, handlers are slower than the buffer assumed and claiming the same jobs again at once
     * would only repeat it; at shutdown nothing is claimed anyway.
     */
    private void handBackBuffered(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        releaseAll(attempts);
        signalProgress();
    }

    /** Fails every attempt that has run past its job's {@code timeout_seconds}, freeing its slot at once. */
    public void enforceTimeouts() {
        Instant now = clock.now();
        for (Attempt attempt : inFlight.values()) {
            if (!attempt.deadline().isAfter(now) && attempt.settle()) {
                attempt.interrupt();
                report(
                        attempt,
                        HandlerResult.retry("timed out after " + attempt.job().timeoutSeconds() + " seconds"));
            }
        }
    }

    /** Extends the lease of every attempt with less than half a lease left; stops attempts whose lease was lost. */
    public void heartbeat() {
        Instant threshold = clock.now().plus(settings.heartbeatMargin());
        for (Attempt attempt : inFlight.values()) {
            Job job = attempt.job();
            Instant timeLimit = job.startedAt().plusSeconds(job.timeoutSeconds());
            // A lease already at the attempt's time limit cannot grow (see Job#heartbeat): nothing to write.
            if (attempt.isSettled()
                    || attempt.leaseExpiresAt().isAfter(threshold)
                    || !attempt.leaseExpiresAt().isBefore(timeLimit)) {
                continue;
            }
            try {
                Job extended = heartbeat.heartbeat(job.id(), job.leaseToken(), settings.lease());
                attempt.leaseExtendedTo(extended.leaseExpiresAt());
            } catch (LeaseLostException lost) {
                if (attempt.settle()) {
                    attempt.interrupt();
                    release(attempt);
                    LOG.log(
                            Level.WARNING,
                            "job {0}: lease lost during attempt {1}; stopped it",
                            job.id(),
                            job.attempts());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job " + job.id() + ": heartbeat failed, will try again", e);
            }
        }
    }

    /** How many attempts hold a slot right now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** How many claimed jobs wait in the buffer for a slot. */
    public int buffered() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    /** Makes the poll loop claim at once instead of waiting out its poll interval. */
    public void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    /** Starts polling and ticking in the background; {@link #shutdown(Duration)} stops it. */
    public synchronized void start() {
        if (pollLoop != null) {
            throw new IllegalStateException("worker " + settings.workerId() + " already started");
        }
        long tickMillis = Math.max(1, settings.tickInterval().toMillis());
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("worker-" + settings.workerId() + "-ticker")
                .daemon()
                .factory());
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        pollLoop = Thread.ofPlatform()
                .name("worker-" + settings.workerId() + "-poll")
                .daemon()
                .start(this::pollUntilStopped);
    }

    /**
     * Stops claiming, hands the buffered jobs back, waits up to {@code grace} for running attempts to finish, then
     * interrupts the rest and hands them back to pending ({@link ReleaseJobs}: their attempts do not count), so no job
     * stays running under a lease nobody holds and none moves closer to {@code dead} because the operator stopped a
     * worker.
     */
    public void shutdown(Duration grace) {
        claiming = false;
        wake();
        Thread loop;
        synchronized (this) {
            loop = pollLoop;
        }
        if (loop != null) {
            joinQuietly(loop);
        }
        List<Attempt> neverStarted;
        synchronized (buffer) {
            neverStarted = new ArrayList<>(buffer);
            buffer.clear();
        }
        handBackBuffered(neverStarted);
        awaitIdle(grace);
        List<Attempt> unfinished = new ArrayList<>();
        for (Attempt attempt : inFlight.values()) {
            if (attempt.settle()) {
                attempt.interrupt();
                unfinished.add(attempt);
            }
        }
        if (!unfinished.isEmpty()) {
            handBack(unfinished);
        }
        recorder.close();
        if (ticker != null) {
            ticker.shutdownNow();
        }
        handlerThreads.shutdownNow();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /**
     * Waits (in real time, without moving any clock) until no attempt holds a slot, none waits in the buffer, and
     * every finished attempt is recorded in the store; false if time ran out.
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (!inFlight.isEmpty() || buffered() > 0) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    return false;
                }
                try {
                    signal.wait(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        try {
            return recorder.awaitRecorded(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signalProgress() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Runs the handler, then hands its result to the recorder, which writes results in batches, and frees the slot:
     * a slot bounds the handlers running at once, and a finished handler no longer runs. The job stays
     * {@code running} in the store, under its lease, until its batch commits.
     */
    private void run(Attempt attempt) {
        if (attempt.isSettled()) {
            return; // timed out or handed back before its handler started
        }
        HandlerResult result = null;
        long started = System.nanoTime();
        try {
            result = invokeHandler(attempt.job());
        } finally {
            pace.handlerTook(System.nanoTime() - started);
            if (attempt.settle()) {
                // A null result means an Error escaped the handler; the attempt still has to be recorded.
                try {
                    recorder.record(
                            attempt.job(),
                            result != null ? result : HandlerResult.retry("the handler ended abnormally"));
                } finally {
                    freeSlot(attempt);
                }
            }
        }
    }

    private HandlerResult invokeHandler(Job job) {
        JobHandler handler = handlers.find(job.type()).orElse(null);
        if (handler == null) {
            return HandlerResult.permanent("no handler is registered for type '" + job.type() + "'");
        }
        try {
            HandlerResult result = handler.handle(job);
            return result != null ? result : HandlerResult.retry("the handler returned no result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HandlerResult.retry("interrupted");
        } catch (Exception e) {
            return HandlerResult.retry(describe(e));
        }
    }

    /** Releases claimed jobs this worker will not finish (their attempts do not count) and frees their slots. */
    private void handBack(List<Attempt> attempts) {
        try {
            releaseAll(attempts);
        } finally {
            attempts.forEach(this::release);
        }
    }

    /** Hands claimed jobs back to pending through {@link ReleaseJobs}; failures are logged, never thrown. */
    private void releaseAll(List<Attempt> attempts) {
        Map<JobId, LeaseToken> tokens = new LinkedHashMap<>();
        attempts.forEach(attempt -> tokens.put(attempt.job().id(), attempt.job().leaseToken()));
        try {
            List<ChangeOutcome> outcomes = releaseJobs.releaseAll(tokens);
            long released = outcomes.stream()
                    .filter(ChangeOutcome.Applied.class::isInstance)
                    .count();
            LOG.log(Level.INFO, "worker {0}: handed {1} job(s) back to pending", settings.workerId(), released);
        } catch (RuntimeException e) {
            // Their leases will expire and the reaper will hand them back instead (counting the attempts).
            LOG.log(Level.ERROR, "worker " + settings.workerId() + ": could not hand back jobs", e);
        }
    }

    /** Records one attempt at once, on the caller's thread: for timeouts, which are rare. */
    private void report(Attempt attempt, HandlerResult result) {
        try {
            recorder.recordNow(attempt.job(), result);
        } finally {
            release(attempt);
        }
    }

    /**
     * Frees the slot of an attempt whose handler thread will not run another one (a timeout, a lost lease, a hand-back)
     * and gives the slot to the next buffered job.
     */
    private void release(Attempt attempt) {
        freeSlot(attempt);
        startBuffered();
    }

    /** Frees the attempt's slot; asks for a claim if the buffer runs low, and tells waiters when the worker is idle. */
    private void freeSlot(Attempt attempt) {
        inFlight.remove(attempt.job().id(), attempt);
        boolean claimNow = claiming && wantsMore();
        if (claimNow || inFlight.isEmpty()) {
            synchronized (signal) {
                wakeRequested |= claimNow;
                signal.notifyAll();
            }
        }
    }

    /** Starts buffered jobs, oldest claim first, each on a new handler thread, while slots are free. */
    private void startBuffered() {
        for (Attempt next = takeBuffered(); next != null; next = takeBuffered()) {
            Attempt first = next;
            handlerThreads.submit(() -> runFrom(first));
        }
    }

    /** The next buffered job, moved into a free slot; null if there is none or no slot is free. */
    private Attempt takeBuffered() {
        Instant now = clock.now();
        List<Attempt> stale = new ArrayList<>();
        Attempt next = null;
        synchronized (buffer) {
            while (claiming && next == null && !buffer.isEmpty() && inFlight.size() < settings.concurrency()) {
                Attempt head = buffer.poll();
                if (waitedTooLong(head, now)) {
                    stale.add(head);
                } else {
                    inFlight.put(head.job().id(), head);
                    next = head;
                }
            }
        }
        handBackStale(stale);
        return next;
    }

    /**
     * Runs {@code first}, then goes on with buffered jobs on the same thread while there are any: a quick job's
     * slot passes to the next one without starting a thread.
     */
    private void runFrom(Attempt first) {
        for (Attempt attempt = first; attempt != null; attempt = takeBuffered()) {
            attempt.runningOn(Thread.currentThread());
            try {
                run(attempt);
            } catch (Error e) {
                // run() has recorded the attempt as failed and freed its slot; the buffered jobs still need a thread.
                LOG.log(
                        Level.ERROR,
                        "worker " + settings.workerId() + ": job "
                                + attempt.job().id() + " ended with",
                        e);
            } finally {
                attempt.finished();
            }
            // An interrupt that arrived meanwhile was for the attempt that just ended, not for the next one.
            Thread.interrupted();
        }
    }

    /** True when a claim would be worth making: a slot is free with nothing buffered, or the buffer is half empty. */
    private boolean wantsMore() {
        return claimLimit() > 0;
    }

    /** How many jobs a claim should ask for now: the free slots plus the room in the buffer, or 0 (see poll). */
    private int claimLimit() {
        int buffered = buffered();
        int prefetch = pace.prefetch(settings);
        if (buffered > prefetch / 2) {
            return 0;
        }
        int room = settings.concurrency() - inFlight.size() + prefetch - buffered;
        return Math.max(0, Math.min(room, LeaseJobs.MAX_LIMIT));
    }

    private void tick() {
        try {
            handBackStaleBuffered();
            enforceTimeouts();
            heartbeat();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "worker " + settings.workerId() + ": tick failed", e);
        }
    }

    private void pollUntilStopped() {
        while (claiming) {
            int claimed;
            try {
                claimed = poll();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "worker " + settings.workerId() + ": claiming failed, will retry", e);
                claimed = 0;
            }
            if (claimed == 0 || !wantsMore()) {
                awaitWake(settings.pollInterval());
            }
        }
    }

    private void awaitWake(Duration timeout) {
        synchronized (signal) {
            if (!wakeRequested && claiming) {
                try {
                    signal.wait(Math.max(1, timeout.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    claiming = false;
                }
            }
            wakeRequested = false;
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
