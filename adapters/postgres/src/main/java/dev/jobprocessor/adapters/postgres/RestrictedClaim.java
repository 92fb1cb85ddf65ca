package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.QUEUES;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.QueuesRecord;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueLimits;
import dev.jobprocessor.domain.RateWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * One claim from paused and limited queues (docs/QUEUE_CONTROL.md, "How the claim enforces it"), inside a transaction
 * the caller opened. It locks the queues' rows in name order (so two such claims cannot deadlock); every statement
 * after that takes its snapshot after the lock, so it sees every earlier claim of these queues committed. For each
 * queue it then claims no more than the least of what the claim still wants, the concurrency limit's free slots
 * (running jobs counted from the job rows), and the rate window's free starts; with a key limit, it claims key by key,
 * going on from the key the last claim served.
 *
 * <p>Every claim of a restricted queue passes through this lock and the plain claim takes none of its jobs, so no
 * count can be overtaken between reading it and claiming. What the claim writes back — the rate window's new start,
 * the key cursor — commits with the jobs it started or not at all.
 */
final class RestrictedClaim {

    private static final String RUNNING = JobState.RUNNING.wireName();

    private final DSLContext ctx;
    private final ClaimRequest request;
    private final List<Job> claimed = new ArrayList<>();

    RestrictedClaim(DSLContext ctx, ClaimRequest request) {
        this.ctx = ctx;
        this.request = request;
    }

    List<Job> claim(Set<String> restricted) {
        Map<String, QueuesRecord> rows = new HashMap<>();
        ctx.selectFrom(QUEUES)
                .where(QUEUES.NAME.in(restricted))
                .orderBy(QUEUES.NAME)
                .forUpdate()
                .fetch()
                .forEach(row -> rows.put(row.getName(), row));
        for (String name : restricted.stream().sorted().toList()) {
            int wanted = request.limit() - claimed.size();
            if (wanted == 0) {
                break;
            }
            QueuesRecord row = rows.get(name);
            if (row == null) {
                // Every queue has a row from its first job on; without one, nothing restricts it.
                claimed.addAll(claimFrom(name, wanted, DSL.noCondition()));
            } else {
                claimFrom(row, wanted);
            }
        }
        return claimed;
    }

    private void claimFrom(QueuesRecord row, int wanted) {
        Queue queue = QueueRows.toQueue(row);
        if (queue.paused()) {
            return;
        }
        int slots = wanted;
        if (queue.concurrencyLimit() != null) {
            slots = Math.min(slots, queue.concurrencyLimit() - running(queue.name()));
        }
        RateWindow window = QueueRows.rateWindow(row);
        if (queue.rateLimit() != null) {
            slots = Math.min(slots, window.available(queue.rateLimit(), request.now()));
        }
        if (slots <= 0) {
            return;
        }
        List<Job> started = queue.keyLimit() == null
                ? claimFrom(queue.name(), slots, DSL.noCondition())
                : claimByKey(row, queue.keyLimit(), slots);
        claimed.addAll(started);
        if (queue.rateLimit() != null && !started.isEmpty()) {
            RateWindow next = window.started(started.size(), queue.rateLimit(), request.now());
            ctx.update(QUEUES)
                    .set(QUEUES.RATE_WINDOW_AT, QueueRows.startTimes(next))
                    .set(QUEUES.RATE_WINDOW_JOBS, QueueRows.startCounts(next))
                    .where(QUEUES.NAME.eq(queue.name()))
                    .execute();
        }
    }

    /**
     * Key by key, in the order of the keys (the "C" collation, as Java orders them), starting after the key the last
     * claim served and wrapping round, with the jobs without a key as one more lane after the last key. From each key
     * no more than its free slots under the key limit. At most {@link QueueLimits#KEY_LANES_PER_CLAIM} keys are looked
     * at; the cursor carries the rotation on to the next claim, so a flood of one key's jobs holds at most
     * {@code keyLimit} of the queue's slots and every other key gets its turn.
     */
    private List<Job> claimByKey(QueuesRecord row, int keyLimit, int slots) {
        Map<String, Integer> running = runningByKey(row.getName());
        String cursor = row.getKeyCursor();
        List<Job> started = new ArrayList<>();
        KeyWalk walk = new KeyWalk(row.getName(), cursor);
        String served = cursor;
        boolean servedAny = false;
        for (int looked = 0; looked < QueueLimits.KEY_LANES_PER_CLAIM && started.size() < slots; looked++) {
            KeyWalk.Lane lane = walk.next();
            if (lane == null) {
                break;
            }
            int free = keyLimit - running.getOrDefault(lane.key(), 0);
            if (free <= 0) {
                continue;
            }
            Condition onLane = lane.key() == null ? JOBS.CONCURRENCY_KEY.isNull() : JOBS.CONCURRENCY_KEY.eq(lane.key());
            List<Job> fromLane = claimFrom(row.getName(), Math.min(free, slots - started.size()), onLane);
            if (!fromLane.isEmpty()) {
                started.addAll(fromLane);
                served = lane.key();
                servedAny = true;
            }
        }
        if (servedAny && !Objects.equals(served, cursor)) {
            ctx.update(QUEUES)
                    .set(QUEUES.KEY_CURSOR, served)
                    .where(QUEUES.NAME.eq(row.getName()))
                    .execute();
        }
        return started;
    }

    /**
     * The lanes of a key-limited queue in rotation order from a cursor: the keys after it, the lane of jobs without a
     * key, then the keys from the first up to the cursor. Each key is found by one descent of {@code
     * jobs_claim_by_key}: the first key after the last one with a due job of the claim's types.
     */
    private final class KeyWalk {

        /** One lane: a key's jobs, or ({@code key == null}) the jobs without one. */
        record Lane(String key) {}

        private final String queue;
        private final String cursor;
        private String after;
        private boolean keylessDone;

        KeyWalk(String queue, String cursor) {
            this.queue = queue;
            this.cursor = cursor;
            this.after = cursor;
        }

        Lane next() {
            if (!keylessDone) {
                String key = nextKey(after);
                if (key != null) {
                    after = key;
                    return new Lane(key);
                }
                keylessDone = true;
                after = null;
                return new Lane(null);
            }
            // Wrapped round: the keys from the first up to the cursor (none when the walk began at the first key).
            if (cursor != null) {
                String key = nextKey(after);
                if (key != null && key.compareTo(cursor) <= 0) {
                    after = key;
                    return new Lane(key);
                }
            }
            return null;
        }

        private String nextKey(String afterKey) {
            Condition where = PostgresJobRepository.eligible(request, JOBS.QUEUE.eq(queue))
                    .and(JOBS.CONCURRENCY_KEY.isNotNull());
            if (afterKey != null) {
                where = where.and(JOBS.CONCURRENCY_KEY.gt(afterKey));
            }
            return ctx.select(JOBS.CONCURRENCY_KEY)
                    .from(JOBS)
                    .where(where)
                    .orderBy(JOBS.CONCURRENCY_KEY)
                    .limit(DSL.inline(1))
                    .fetchOne(JOBS.CONCURRENCY_KEY);
        }
    }

    private List<Job> claimFrom(String queue, int limit, Condition lane) {
        ClaimRequest fromQueue = new ClaimRequest(
                request.owner(), List.of(queue), request.types(), limit, request.lease(), request.now());
        return PostgresJobRepository.claimStatement(ctx, fromQueue, new ClaimPlan.FullScan(), false, lane)
                .fetch()
                .map(JobRows::toJob);
    }

    /** The running jobs of {@code queue}, through {@code jobs_running (queue, id)}. */
    private int running(String queue) {
        return ctx.selectCount()
                .from(JOBS)
                .where(JOBS.QUEUE.eq(queue))
                .and(JOBS.STATE.eq(DSL.inline(RUNNING)))
                .fetchSingle()
                .value1();
    }

    /** The running jobs of {@code queue} per concurrency key ({@code null} for those without one). */
    private Map<String, Integer> runningByKey(String queue) {
        Map<String, Integer> running = new HashMap<>();
        ctx.select(JOBS.CONCURRENCY_KEY, DSL.count())
                .from(JOBS)
                .where(JOBS.QUEUE.eq(queue))
                .and(JOBS.STATE.eq(DSL.inline(RUNNING)))
                .groupBy(JOBS.CONCURRENCY_KEY)
                .fetch()
                .forEach(r -> running.put(r.value1(), r.value2()));
        return running;
    }
}
