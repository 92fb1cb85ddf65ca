package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.maintenance.FailureStreak;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.JobTracing;
import dev.jobprocessor.domain.Job;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Claims jobs for one {@link QueueConcurrency}'s {@link Slots}: each claim asks for the free slots plus the room in
 * the buffer, sized by the queue's own {@link HandlerPace}, and the claimed jobs go to the slots. In the background it
 * claims whenever a slot frees or {@link #wake()} is called, and otherwise every poll interval.
 */
final class QueueProducer {

    private static final System.Logger LOG = System.getLogger(QueueProducer.class.getName());

    private final JobTracing tracing;
    private final QueueConcurrency queues;
    private final WorkerSettings settings;
    private final Set<String> types;
    private final LeaseJobs leaseJobs;
    private final Clock clock;
    private final HandlerPace pace;
    private final Slots slots;
    private final String name;

    private final Object signal = new Object();
    /** Used by the polling thread only. */
    private final FailureStreak claimFailures;
    /** Guarded by {@link #signal}. */
    private boolean wakeRequested;

    private volatile boolean claiming = true;
    /** Guarded by {@code this}. */
    private Thread loop;

    /** {@code slotsFor} builds this producer's slots around the callback that lets it claim for a freed slot. */
    QueueProducer(
            QueueConcurrency queues,
            WorkerSettings settings,
            Set<String> types,
            LeaseJobs leaseJobs,
            Clock clock,
            HandlerPace pace,
            JobTracing tracing,
            SlotsFactory slotsFor) {
        this.tracing = tracing;
        this.queues = queues;
        this.settings = settings;
        this.types = Set.copyOf(types);
        this.leaseJobs = leaseJobs;
        this.clock = clock;
        this.pace = pace;
        this.name = "worker-" + settings.workerId() + "-" + String.join("+", queues.queues());
        this.claimFailures = new FailureStreak(name + ": claiming");
        this.slots = slotsFor.create(queues.concurrency(), this::slotFreed);
    }

    /** Builds the {@link Slots} a producer fills. */
    @FunctionalInterface
    interface SlotsFactory {
        Slots create(int capacity, Runnable slotFreed);
    }

    Slots slots() {
        return slots;
    }

    QueueConcurrency queues() {
        return queues;
    }

    /**
     * Claims due jobs for the free slots and, with prefetch, for the buffer, and starts as many as there are free
     * slots; returns how many it claimed. Claims nothing while the buffer is more than half full.
     */
    int poll() {
        int limit = claiming ? claimLimit() : 0;
        if (limit == 0) {
            slots.startBuffered();
            return 0;
        }
        Instant claimStarted = clock.now();
        List<Job> jobs =
                leaseJobs.lease(new LeaseRequest(settings.workerId(), queues.queues(), types, limit, settings.lease()));
        Instant now = clock.now();
        slots.add(jobs.stream()
                .map(job -> new Attempt(
                        job,
                        now.plusSeconds(job.timeoutSeconds()),
                        tracing.attempt(job, settings.workerId(), claimStarted, now)))
                .toList());
        return jobs.size();
    }

    /** Makes the claim loop claim at once instead of waiting out its poll interval. */
    void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException(name + " already started");
        }
        loop = Thread.ofPlatform().name(name + "-poll").daemon().start(this::pollUntilStopped);
    }

    /** Shutdown, first step: claims nothing more and starts no buffered job. */
    void stopClaiming() {
        claiming = false;
        slots.stopStarting();
        wake();
    }

    /** Waits for the claim loop to finish the claim it may be making, so its jobs are in the buffer to hand back. */
    void awaitStopped() {
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running == null) {
            return;
        }
        try {
            running.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many jobs a claim should ask for now (see {@link Slots#claimRoom}), at most one claim's limit. */
    private int claimLimit() {
        int room = slots.claimRoom(pace.prefetch(queues.concurrency(), settings.prefetch()));
        return Math.min(room, LeaseJobs.MAX_LIMIT);
    }

    /** A slot freed: claim at once if a claim is now worth making. */
    private void slotFreed() {
        if (claiming && claimLimit() > 0) {
            wake();
        }
    }

    private void pollUntilStopped() {
        while (claiming) {
            int claimed;
            try {
                claimed = poll();
                claimFailures.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
            } catch (RuntimeException e) {
                // One line when claims start failing and one when they work again, not one per poll.
                claimFailures.failed(String.valueOf(e)).ifPresent(line -> LOG.log(Level.WARNING, line, e));
                claimed = 0;
            }
            if (claimed == 0 || claimLimit() == 0) {
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
}
