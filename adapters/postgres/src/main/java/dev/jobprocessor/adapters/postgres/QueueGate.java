package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.jooq.Tables.QUEUES;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Which queues a claim must take through the locked path (docs/QUEUE_CONTROL.md, "How the claim enforces it"): those
 * paused or with a limit (concurrency, rate or per key). The answer is read from the {@code queues} table at most once per
 * {@link #REFRESH} and may be that old; it only chooses the path. Each path checks the queue row itself: the plain
 * claim takes nothing from a queue whose committed row is paused or has a limit ({@link #open}), and the locked path
 * reads the row under its lock. A stale answer can delay a queue's jobs by up to a second, never let one through.
 */
final class QueueGate {

    static final Duration REFRESH = Duration.ofSeconds(1);

    private final DSLContext dsl;
    private final LongSupplier nanoTime;
    private Set<String> restricted = Set.of();
    private long readAt;
    private boolean read;

    QueueGate(DSLContext dsl, LongSupplier nanoTime) {
        this.dsl = dsl;
        this.nanoTime = nanoTime;
    }

    /** The queues of {@code queues} that were paused or limited when last read. */
    Set<String> restricted(List<String> queues) {
        Set<String> known = current();
        Set<String> of = new LinkedHashSet<>();
        for (String queue : queues) {
            if (known.contains(queue)) {
                of.add(queue);
            }
        }
        return of;
    }

    /** The next claim reads the table again: this process just changed a queue. */
    synchronized void forget() {
        read = false;
    }

    private synchronized Set<String> current() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= REFRESH.toNanos()) {
            restricted = Set.copyOf(StoreErrors.translate(() ->
                    dsl.select(QUEUES.NAME).from(QUEUES).where(restricting()).fetch(QUEUES.NAME)));
            readAt = now;
            read = true;
        }
        return restricted;
    }

    private static Condition restricting() {
        return QUEUES.PAUSED_AT
                .isNotNull()
                .or(QUEUES.CONCURRENCY_LIMIT.isNotNull())
                .or(QUEUES.RATE_LIMIT_JOBS.isNotNull())
                .or(QUEUES.KEY_LIMIT.isNotNull());
    }

    /**
     * True for the jobs of a queue whose committed row is neither paused nor limited, as the plain claim sees it.
     * With one queue, an uncorrelated test PostgreSQL runs once per statement; with several, a filter on each job.
     */
    static Condition open(Field<String> queue, List<String> queues) {
        if (queues.size() == 1) {
            return DSL.notExists(DSL.selectOne()
                    .from(QUEUES)
                    .where(QUEUES.NAME.eq(queues.getFirst()))
                    .and(restricting()));
        }
        return queue.notIn(DSL.select(QUEUES.NAME)
                .from(QUEUES)
                .where(QUEUES.NAME.in(queues))
                .and(restricting()));
    }
}
