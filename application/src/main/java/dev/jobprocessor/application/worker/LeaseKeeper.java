package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.maintenance.FailureStreak;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseLostException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the leases of every attempt holding a slot, across all of the worker's queues: extends those running low, in
 * one store call per tick however many there are, stops an attempt whose lease was lost, and fails an attempt past its
 * {@code timeout_seconds} through the {@link ResultRecorder}, like any other result, and stops an attempt an operator
 * cancelled.
 *
 * <p>Buffered jobs need no heartbeat: they are handed back long before their lease runs low (see {@link Slots}).
 */
final class LeaseKeeper {

    private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

    private final List<Slots> slots;
    private final Heartbeat heartbeat;
    private final ResultRecorder recorder;
    private final HandBack handBack;
    private final Clock clock;
    private final Duration lease;
    private final Duration margin;
    private final String workerId;
    private final FailureStreak heartbeatFailures;
    private final FailureStreak cancelLookupFailures;

    LeaseKeeper(
            List<Slots> slots,
            Heartbeat heartbeat,
            ResultRecorder recorder,
            HandBack handBack,
            Clock clock,
            WorkerSettings settings) {
        this.slots = List.copyOf(slots);
        this.heartbeat = heartbeat;
        this.recorder = recorder;
        this.handBack = handBack;
        this.clock = clock;
        this.lease = settings.lease();
        this.margin = settings.heartbeatMargin();
        this.workerId = settings.workerId();
        // While the database is away every tick fails: one line when that starts and one when it ends, not one a tick.
        this.heartbeatFailures = new FailureStreak("worker " + workerId + ": the heartbeat");
        this.cancelLookupFailures = new FailureStreak("worker " + workerId + ": the lookup of cancel requests");
    }

    /** An attempt and the slots it holds one of. */
    private record Held(Attempt attempt, Slots slots) {}

    /** Fails every attempt that has run past its job's {@code timeout_seconds}, freeing its slot at once. */
    void enforceTimeouts() {
        Instant now = clock.now();
        for (Slots owner : slots) {
            for (Attempt attempt : owner.running()) {
                if (!attempt.deadline().isAfter(now) && attempt.settle()) {
                    attempt.interrupt();
                    try {
                        // Rare, and must not wait behind a batch: written at once, on this thread.
                        recorder.recordNow(
                                attempt.job(),
                                HandlerResult.retry(
                                        "timed out after " + attempt.job().timeoutSeconds() + " seconds"),
                                attempt.trace());
                    } finally {
                        owner.release(attempt);
                    }
                }
            }
        }
    }

    /**
     * Extends, in one store call, the lease of every attempt with less than half a lease left; stops attempts whose
     * lease was lost and discards their results. A failed call is tried again at the next tick, and logged when a
     * streak of failures starts and when it ends.
     */
    void heartbeat() {
        List<Held> due = due(clock.now().plus(margin));
        if (due.isEmpty()) {
            return;
        }
        List<ChangeOutcome> outcomes;
        try {
            outcomes = heartbeat.heartbeatAll(
                    due.stream().map(held -> held.attempt().job()).toList(), lease);
        } catch (RuntimeException e) {
            heartbeatFailures
                    .failed(due.size() + " job(s) due: " + e)
                    .ifPresent(line -> LOG.log(Level.WARNING, line, e));
            return;
        }
        heartbeatFailures.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
        for (int i = 0; i < due.size(); i++) {
            settle(due.get(i), outcomes.get(i));
        }
    }

    /**
     * Stops every attempt whose job an operator cancelled: fires its {@link dev.jobprocessor.application.port.CancelSignal},
     * interrupts its handler, hands the job back (which the store turns into cancelled, because of the request) and
     * frees the slot. Whatever the handler returns later is discarded, because this settles the attempt. One read of
     * the store per tick, by primary key, and only while attempts run; a failed read is tried again at the next tick.
     */
    void stopCancelled() {
        List<Held> held = new ArrayList<>();
        for (Slots owner : slots) {
            for (Attempt attempt : owner.running()) {
                if (!attempt.isSettled()) {
                    held.add(new Held(attempt, owner));
                }
            }
        }
        if (held.isEmpty()) {
            return;
        }
        Set<JobId> requested;
        try {
            requested = Set.copyOf(heartbeat.cancelRequested(
                    held.stream().map(h -> h.attempt().job().id()).toList()));
        } catch (RuntimeException e) {
            cancelLookupFailures.failed(String.valueOf(e)).ifPresent(line -> LOG.log(Level.WARNING, line, e));
            return;
        }
        cancelLookupFailures.succeeded().ifPresent(line -> LOG.log(Level.INFO, line));
        List<Held> stopping = new ArrayList<>();
        for (Held h : held) {
            if (requested.contains(h.attempt().job().id()) && h.attempt().settle()) {
                h.attempt().cancelRequested();
                h.attempt().interrupt();
                stopping.add(h);
            }
        }
        if (stopping.isEmpty()) {
            return;
        }
        try {
            handBack.stopCancelled(stopping.stream().map(Held::attempt).toList());
        } finally {
            stopping.forEach(h -> h.slots().release(h.attempt()));
        }
    }

    /**
     * The attempts whose lease ends before {@code threshold}, unless it already reaches the attempt's time limit and
     * cannot grow (see {@code Job#heartbeat}): nothing to write for those.
     */
    private List<Held> due(Instant threshold) {
        List<Held> due = new ArrayList<>();
        for (Slots owner : slots) {
            for (Attempt attempt : owner.running()) {
                Job job = attempt.job();
                Instant timeLimit = job.startedAt().plusSeconds(job.timeoutSeconds());
                if (!attempt.isSettled()
                        && !attempt.leaseExpiresAt().isAfter(threshold)
                        && attempt.leaseExpiresAt().isBefore(timeLimit)) {
                    due.add(new Held(attempt, owner));
                }
            }
        }
        return due;
    }

    private void settle(Held held, ChangeOutcome outcome) {
        Attempt attempt = held.attempt();
        Job job = attempt.job();
        switch (outcome) {
            case ChangeOutcome.Applied applied ->
                attempt.leaseExtendedTo(applied.after().leaseExpiresAt());
            case ChangeOutcome.Rejected rejected -> {
                if (rejected.reason() instanceof LeaseLostException) {
                    stop(held);
                } else {
                    LOG.log(
                            Level.WARNING,
                            "job {0}: heartbeat refused, will try again: {1}",
                            job.id(),
                            rejected.reason().getMessage());
                }
            }
            case ChangeOutcome.Missing missing ->
                LOG.log(Level.WARNING, "job {0}: heartbeat found no such job, will try again", job.id());
        }
    }

    /**
     * The lease is lost (the reaper handed the job back, so it may already run elsewhere): interrupts the handler and
     * frees its slot; whatever it returns later is discarded, because this settles the attempt.
     */
    private void stop(Held held) {
        Attempt attempt = held.attempt();
        if (attempt.settle()) {
            attempt.interrupt();
            attempt.trace().abandoned("lease lost", clock.now());
            held.slots().release(attempt);
            LOG.log(
                    Level.WARNING,
                    "job {0}: lease lost during attempt {1}; stopped it",
                    attempt.job().id(),
                    attempt.job().attempts());
        }
    }
}
