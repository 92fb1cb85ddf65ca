package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.StretchingInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Where, in each queue and priority, this process last found jobs to claim, so that a claim can start reading the
 * claim index there instead of at its front (docs/PERSISTENCE.md, "Claim cursors").
 *
 * <p>Why: a claimed job leaves its pending index entry behind until vacuum removes it, and while any transaction holds
 * an old snapshot, vacuum removes none and index scans cannot mark them dead either. Every claim from the front then
 * visits every job claimed since that snapshot was taken: the claim slows down in proportion to how long the
 * transaction has been open, until workers fall behind the producers (the soak, docs/BENCHMARKS.md). Starting at the
 * cursor skips those entries.
 *
 * <p>What it costs: a due job more than {@link #MARGIN} behind a cursor of its queue and priority — submitted with an
 * old run_at, a retry whose back-off ended while newer jobs were being claimed, a clock far behind the others — is
 * not seen by a cursor claim. Every lane therefore falls back to a full scan at least once per
 * {@link #FULL_SCAN_INTERVAL}, which finds such jobs first (they are ahead in claim order), so they wait at most that
 * much longer. Priorities without a cursor are always read from their start, so a more urgent job is never skipped.
 *
 * <p>A slow full scan stretches the lane's interval ({@link StretchingInterval}, up to ten times): the full scan walks
 * exactly the entries the cursors exist to skip, so behind a held snapshot it grows every second, and run once a
 * second it would take an ever larger share of the claims. A late job then waits up to that much longer, only while
 * full scans are slow.
 */
final class ClaimCursors {

    /** How far behind the newest claimed job a cursor starts: covers commits that land out of run_at order. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    /** How often each lane reads the whole index instead of starting at its cursors. */
    static final Duration FULL_SCAN_INTERVAL = Duration.ofSeconds(1);

    /** Past this many index ranges one claim statement would be long to plan; such claims scan fully. */
    static final int MAX_RANGES = 32;

    /** The cursors of one queue for one set of requested types (a type filter sees other jobs as the front). */
    private record Lane(Set<String> types, String queue) {}

    private static final StretchingInterval FULL_SCAN_PACE = new StretchingInterval(FULL_SCAN_INTERVAL);

    private static final class LaneState {
        final long lastFullScan;
        final long fullScanEvery;
        final NavigableMap<Integer, Instant> runAtByPriority = new TreeMap<>();

        LaneState(long lastFullScan, Duration fullScanEvery) {
            this.lastFullScan = lastFullScan;
            this.fullScanEvery = fullScanEvery.toNanos();
        }
    }

    private final Map<Lane, LaneState> lanes = new HashMap<>();
    private final LongSupplier nanoTime;

    ClaimCursors(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The clock the cursors keep time by; a claim's length is measured on it too. */
    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** A full scan when any lane of the request is new or due for one; otherwise the ranges its cursors leave. */
    synchronized ClaimPlan plan(ClaimRequest request) {
        long now = nanoTime.getAsLong();
        List<ClaimRange> ranges = new ArrayList<>();
        for (String queue : request.queues()) {
            LaneState state = lanes.get(new Lane(request.types(), queue));
            if (state == null || now - state.lastFullScan >= state.fullScanEvery) {
                return new ClaimPlan.FullScan();
            }
            ranges.addAll(rangesOf(queue, state.runAtByPriority));
        }
        if (ranges.size() > MAX_RANGES
                || ranges.stream().allMatch(range -> range.runAtFrom().isEmpty())) {
            return new ClaimPlan.FullScan();
        }
        return new ClaimPlan.Ranges(ranges);
    }

    /**
     * Moves the cursors to the jobs just claimed. After a full scan, each lane's cursors are exactly what it found:
     * a priority that had nothing due loses its cursor, so the next claim reads it from its start; and the scan's
     * length ({@code took}) sets when the lane's next one is due.
     */
    synchronized void claimed(ClaimRequest request, ClaimPlan plan, List<Job> jobs, Duration took) {
        boolean fullScan = plan instanceof ClaimPlan.FullScan;
        long now = nanoTime.getAsLong();
        Map<String, LaneState> byQueue = new HashMap<>();
        for (String queue : request.queues()) {
            Lane lane = new Lane(request.types(), queue);
            LaneState state = fullScan ? new LaneState(now, FULL_SCAN_PACE.after(took)) : lanes.get(lane);
            if (state != null) {
                lanes.put(lane, state);
                byQueue.put(queue, state);
            }
        }
        Map<String, NavigableMap<Integer, Instant>> earliest = new HashMap<>();
        for (Job job : jobs) {
            earliest.computeIfAbsent(job.queue(), queue -> new TreeMap<>())
                    .merge(job.priority(), job.runAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        earliest.forEach((queue, runAtByPriority) -> {
            LaneState state = byQueue.get(queue);
            if (state == null) {
                return;
            }
            // The earliest job claimed marks where live entries begin. A cursor never moves back: a late commit
            // found inside the margin must not pull it behind jobs already claimed.
            runAtByPriority.forEach((priority, runAt) -> state.runAtByPriority.merge(
                    priority, runAt.minus(MARGIN), (was, found) -> was.isAfter(found) ? was : found));
        });
    }

    /** The priorities between cursors as whole ranges, each cursor's priority from its run_at on. */
    private static List<ClaimRange> rangesOf(String queue, NavigableMap<Integer, Instant> cursors) {
        List<ClaimRange> ranges = new ArrayList<>();
        int next = JobLimits.MIN_PRIORITY;
        for (Map.Entry<Integer, Instant> cursor : cursors.entrySet()) {
            int priority = cursor.getKey();
            if (next < priority) {
                ranges.add(new ClaimRange(queue, next, priority - 1, Optional.empty()));
            }
            ranges.add(new ClaimRange(queue, priority, priority, Optional.of(cursor.getValue())));
            next = priority + 1;
        }
        if (next <= JobLimits.MAX_PRIORITY) {
            ranges.add(new ClaimRange(queue, next, JobLimits.MAX_PRIORITY, Optional.empty()));
        }
        return ranges;
    }
}
