package dev.jobprocessor.client.worker;

import dev.jobprocessor.client.Job;
import dev.jobprocessor.client.JobsClient;
import dev.jobprocessor.client.LeaseResult;
import dev.jobprocessor.client.LeasedJob;
import dev.jobprocessor.client.Leases;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker in another process than the service, over the HTTP worker protocol (docs/SPEC.md §7.3; docs/CLIENTS.md):
 * it leases jobs of the types it has handlers for with a long poll, runs each on its own virtual thread with at most
 * {@code concurrency} at once, extends the leases of the jobs it holds in one heartbeat request, reports outcomes in
 * batches, stops attempts whose jobs an operator cancelled, and on {@link #stop} hands back what it did not finish.
 *
 * <pre>{@code
 * RemoteWorker worker = RemoteWorker.builder(client, "mailer-1")
 *         .queues("mail")
 *         .handler("email.send", job -> HandlerResult.success())
 *         .build();
 * worker.start();
 * }</pre>
 */
public final class RemoteWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RemoteWorker.class.getName());
    private static final int MAX_LEASE_LIMIT = 100;
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);

    private final Leases leases;
    private final String workerId;
    private final List<String> queues;
    private final Map<String, CancellableJobHandler> handlers;
    private final int concurrency;
    private final Duration lease;
    private final Duration longPoll;
    private final Semaphore slots;
    private final Map<String, Attempt> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService handlerThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Settlements settlements;
    private final Thread leaseLoop;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;

    private RemoteWorker(Builder builder) {
        this.leases = builder.client.leases();
        this.workerId = builder.workerId;
        this.queues = List.copyOf(builder.queues);
        this.handlers = Map.copyOf(builder.handlers);
        this.concurrency = builder.concurrency;
        this.lease = builder.lease;
        this.longPoll = builder.longPoll;
        this.slots = new Semaphore(concurrency);
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("remote-worker-" + workerId + "-timers")
                .daemon()
                .factory());
        this.settlements = new Settlements(leases, workerId, held::remove);
        this.leaseLoop = Thread.ofPlatform()
                .name("remote-worker-" + workerId + "-lease")
                .daemon()
                .unstarted(this::leaseUntilStopped);
    }

    /** A worker with id {@code workerId} (shown as the jobs' {@code lease_owner}) over {@code client}. */
    public static Builder builder(JobsClient client, String workerId) {
        return new Builder(client, workerId);
    }

    /** Starts leasing; returns at once. A worker starts once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("remote worker " + workerId + " was started already");
        }
        settlements.start();
        long every = Math.max(100, lease.toMillis() / 3);
        timers.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        leaseLoop.start();
        LOG.log(Level.INFO, "remote worker {0}: started on {1}, {2} at once", workerId, queues, concurrency);
    }

    /** Attempts whose handlers run now. */
    public int inFlight() {
        return (int) running();
    }

    /**
     * Stops leasing, waits up to {@code grace} for running attempts, then interrupts the rest and hands their jobs back
     * (pending again, the attempts not counted), reports every outcome still waiting and returns. A lease request in
     * flight is let finish (at most the long poll) and its jobs are handed back unrun.
     */
    public void stop(Duration grace) {
        if (!started.get() || stopping) {
            return;
        }
        stopping = true;
        slots.release(); // wakes the lease loop if it waits for a free slot
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            while (running() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            leaseLoop.join();
            int handedBack = 0;
            for (Attempt attempt : held.values()) {
                if (attempt.settle()) {
                    attempt.interrupt();
                    settlements.add(new Settlements.Report.HandBack(attempt));
                    handedBack++;
                }
            }
            timers.shutdownNow();
            settlements.close(Duration.ofSeconds(30));
            handlerThreads.shutdownNow();
            LOG.log(Level.INFO, "remote worker {0}: stopped; {1} unfinished job(s) handed back", workerId, handedBack);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop} with 30 seconds' grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /** Attempts not yet settled: their handlers run (or are about to start). */
    private long running() {
        return held.values().stream().filter(attempt -> !attempt.isSettled()).count();
    }

    private void leaseUntilStopped() {
        int outage = 0;
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            int free = 1 + slots.drainPermits();
            int limit = Math.min(free, MAX_LEASE_LIMIT);
            slots.release(free - limit);
            List<LeasedJob> jobs;
            try {
                jobs = leases.lease(workerId, queues, handlers.keySet(), limit, lease, longPoll);
            } catch (RuntimeException e) { // JobsException, or an answer that is not JSON (a proxy's page, say)
                slots.release(limit);
                if (outage++ == 0) {
                    LOG.log(Level.WARNING, "remote worker {0}: leasing failed, trying again: {1}", workerId, e);
                }
                pause(backoff(outage));
                continue;
            }
            if (outage > 0) {
                LOG.log(Level.INFO, "remote worker {0}: leasing works again after {1} failure(s)", workerId, outage);
                outage = 0;
            }
            slots.release(limit - jobs.size());
            for (LeasedJob job : jobs) {
                Attempt attempt = new Attempt(job);
                held.put(job.id(), attempt);
                if (stopping) {
                    attempt.settle();
                    slots.release();
                    settlements.add(new Settlements.Report.HandBack(attempt));
                } else {
                    begin(attempt);
                }
            }
        }
    }

    /**
     * Starts the handler, and its time limit a little before the service's: the service ends the lease at
     * {@code started_at + timeout_seconds} by its own clock, which began before the answer reached us, and its reaper
     * would record "lease expired". Stopping the attempt a quarter of the limit (at most 500 ms) early lets this
     * worker's "timed out" report arrive first.
     */
    private void begin(Attempt attempt) {
        long limit = attempt.leased().timeout().toMillis();
        long early = Math.min(500, limit / 4);
        attempt.timeLimit(timers.schedule(() -> timedOut(attempt), limit - early, TimeUnit.MILLISECONDS));
        handlerThreads.execute(() -> run(attempt));
    }

    private void run(Attempt attempt) {
        attempt.runningOn(Thread.currentThread());
        if (attempt.isSettled()) {
            return; // timed out, cancelled or handed back before its handler started
        }
        HandlerResult result = invoke(attempt);
        if (attempt.settle()) {
            slots.release();
            settlements.add(report(attempt, result));
        }
    }

    private HandlerResult invoke(Attempt attempt) {
        Job job = attempt.leased().job();
        CancellableJobHandler handler = handlers.get(job.type());
        if (handler == null) {
            return HandlerResult.permanent("no handler is registered for type '" + job.type() + "'");
        }
        try {
            HandlerResult result = handler.handle(job, attempt);
            return result != null ? result : HandlerResult.retry("the handler returned no result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HandlerResult.retry("interrupted");
        } catch (Exception e) {
            return HandlerResult.retry(describe(e));
        } catch (Error e) {
            LOG.log(Level.ERROR, "remote worker " + workerId + ": job " + job.id() + " ended with", e);
            return HandlerResult.retry("the handler ended abnormally");
        }
    }

    private static Settlements.Report report(Attempt attempt, HandlerResult result) {
        return switch (result) {
            case HandlerResult.Success success -> new Settlements.Report.Complete(attempt, success);
            case HandlerResult.Retry retry -> new Settlements.Report.Fail(attempt, nonBlank(retry.message()), true);
            case HandlerResult.Permanent permanent ->
                new Settlements.Report.Fail(attempt, nonBlank(permanent.message()), false);
            case HandlerResult.Snooze snooze -> new Settlements.Report.Snooze(attempt, snooze);
        };
    }

    private void timedOut(Attempt attempt) {
        if (attempt.settle()) {
            attempt.interrupt();
            slots.release();
            settlements.add(new Settlements.Report.Fail(
                    attempt, "timed out after " + attempt.leased().timeout().toSeconds() + " seconds", true));
        }
    }

    /** One request extends every held lease; its answers say which were lost and which an operator cancelled. */
    private void heartbeat() {
        List<Attempt> attempts = new ArrayList<>(held.values());
        if (attempts.isEmpty()) {
            return;
        }
        List<LeaseResult> results;
        try {
            results = leases.heartbeat(attempts.stream().map(Attempt::leased).toList(), lease);
        } catch (RuntimeException e) {
            // Caught whatever it is: a task of the timer that throws is never run again.
            LOG.log(Level.WARNING, "remote worker {0}: heartbeat failed: {1}", workerId, e);
            return;
        }
        for (LeaseResult result : results) {
            Attempt attempt = held.get(result.id());
            if (attempt == null) {
                continue; // its outcome was answered meanwhile
            }
            if (result.leaseLost()) {
                held.remove(result.id());
                if (attempt.settle()) { // the job is no longer ours: stop and report nothing
                    attempt.interrupt();
                    slots.release();
                }
            } else if (result.cancelRequested()) {
                attempt.cancelRequested();
                if (attempt.settle()) { // handing it back ends it cancelled
                    attempt.interrupt();
                    slots.release();
                    settlements.add(new Settlements.Report.HandBack(attempt));
                }
            }
        }
    }

    private static String nonBlank(String message) {
        return message.isBlank() ? "failed" : message;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Duration backoff(int failures) {
        Duration wait = Duration.ofMillis(100).multipliedBy(1L << Math.min(failures, 10));
        return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** What the worker runs and how. */
    public static final class Builder {

        private final JobsClient client;
        private final String workerId;
        private final List<String> queues = new ArrayList<>();
        private final Map<String, CancellableJobHandler> handlers = new LinkedHashMap<>();
        private int concurrency = 10;
        private Duration lease = Duration.ofSeconds(30);
        private Duration longPoll = Duration.ofSeconds(5);

        private Builder(JobsClient client, String workerId) {
            this.client = Objects.requireNonNull(client, "client");
            Objects.requireNonNull(workerId, "workerId");
            if (!workerId.matches("[\\x21-\\x7e]{1,200}")) {
                throw new IllegalArgumentException(
                        "a worker id is 1..200 printable ASCII characters, got '" + workerId + "'");
            }
            this.workerId = workerId;
        }

        /** The queues to lease from (1..100); default {@code default}. */
        public Builder queues(String... names) {
            queues.addAll(List.of(names));
            return this;
        }

        /** Runs jobs of {@code type} with {@code handler}; only registered types are leased. */
        public Builder handler(String type, JobHandler handler) {
            Objects.requireNonNull(handler, "handler");
            return handler(type, (job, cancel) -> handler.handle(job));
        }

        /** As {@link #handler(String, JobHandler)}, for a handler that watches for cancel requests. */
        public Builder handler(String type, CancellableJobHandler handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalArgumentException("a handler for type '" + type + "' is registered already");
            }
            return this;
        }

        /** At most this many attempts run at once, each on its own virtual thread. Default 10. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 10_000) {
                throw new IllegalArgumentException("concurrency is 1..10000, got " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * The lease each job is claimed and extended for (whole seconds, 1 s to 1 day); heartbeats go out every third
         * of it, so an operator's cancel request is noticed within that. Default 30 s.
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.toSeconds() < 1 || lease.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("a lease lasts 1 second to 1 day, got " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** How long one lease request waits for a job when none is due (0 to 30 s). Default 5 s. */
        public Builder longPoll(Duration longPoll) {
            Objects.requireNonNull(longPoll, "longPoll");
            if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("a long poll lasts 0 to 30 seconds, got " + longPoll);
            }
            this.longPoll = longPoll;
            return this;
        }

        public RemoteWorker build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("a remote worker needs at least one handler");
            }
            if (queues.isEmpty()) {
                queues.add("default");
            }
            if (queues.size() > 100) {
                throw new IllegalArgumentException("a worker leases from at most 100 queues, got " + queues.size());
            }
            return new RemoteWorker(this);
        }
    }
}
