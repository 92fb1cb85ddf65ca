package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.application.port.StoreUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lets concurrent calls share one transaction: while a group commits, the calls that arrive wait, and the first of
 * them then commits all of them at once — one statement, one commit, one WAL flush — and answers each with its own
 * part of the result. A call that finds no group committing commits at once, alone, so an idle service adds no
 * delay. Each caller returns only after the transaction holding its rows has committed: an answered call is as
 * durable as one that committed alone.
 *
 * <p>Why: a single submit's own work in PostgreSQL is a fraction of a millisecond, but each transaction pays a round
 * trip for its commit and a durable flush; sixteen clients submitting one job each paid sixteen of them
 * (docs/BENCHMARKS.md, "Performance round 2").
 *
 * <p>A group is all or nothing, so one call's bad row (an idempotency conflict, say) would fail its neighbours.
 * When a group of several calls fails for any reason but an unavailable store, each of its calls runs again in a
 * transaction of its own, in its caller's thread, and gets its own outcome; the group's failed transaction rolled
 * back, so nothing of it is left. When the store is unavailable, every call of the group fails with that.
 *
 * @param <T> what a call hands in (a submission)
 * @param <R> what each item comes back as (its enqueue outcome), in the same order
 */
final class GroupCommit<T, R> {

    private final Function<List<T>, List<R>> commit;
    private final int maxItems;
    private final int alone;
    private final int maxGroups;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupEnded = lock.newCondition();
    private final ArrayDeque<Call<T, R>> waiting = new ArrayDeque<>();
    private int committing;

    /**
     * @param commit runs one transaction for the items of a group, returning one result per item in their order
     * @param maxItems how many items a group takes at most
     * @param alone a call of this many items or more commits by itself at once: it already shares its transaction
     *     among many items, and waiting for a group would only delay it
     * @param maxGroups how many groups may commit at the same time
     */
    GroupCommit(Function<List<T>, List<R>> commit, int maxItems, int alone, int maxGroups) {
        this.commit = commit;
        this.maxItems = maxItems;
        this.alone = alone;
        this.maxGroups = maxGroups;
    }

    /** Commits {@code items}, with other calls' items if they arrive together; returns their results in order. */
    List<R> commit(List<T> items) {
        if (items.size() >= alone) {
            return commit.apply(items);
        }
        Call<T, R> call = new Call<>(items);
        lock.lock();
        try {
            waiting.add(call);
            while (call.outcome == null) {
                // Nothing waiting means this call is in a group another thread commits: wait for it to end.
                if (committing >= maxGroups || waiting.isEmpty()) {
                    groupEnded.awaitUninterruptibly();
                    continue;
                }
                committing++;
                List<Call<T, R>> group = takeGroup();
                lock.unlock();
                try {
                    commitGroup(group);
                } finally {
                    lock.lock();
                    committing--;
                    groupEnded.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        return switch (call.outcome) {
            case Outcome.Committed<R> committed -> committed.results();
            case Outcome.Failed<R> failed -> throw failed.error();
            case Outcome.Alone<R> retry -> commit.apply(items);
        };
    }

    /** How many calls wait for a group (for tests that line calls up). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The calls at the head of the queue, up to {@code maxItems} items (at least one call). Under the lock. */
    private List<Call<T, R>> takeGroup() {
        List<Call<T, R>> group = new ArrayList<>();
        int size = 0;
        while (!waiting.isEmpty()
                && (group.isEmpty() || size + waiting.peekFirst().items.size() <= maxItems)) {
            Call<T, R> next = waiting.pollFirst();
            group.add(next);
            size += next.items.size();
        }
        return group;
    }

    /** Outside the lock: the transaction itself; then each call's outcome, published under the lock. */
    private void commitGroup(List<Call<T, R>> group) {
        List<T> items = new ArrayList<>();
        for (Call<T, R> call : group) {
            items.addAll(call.items);
        }
        List<Outcome<R>> outcomes = new ArrayList<>(group.size());
        try {
            List<R> results = commit.apply(items);
            int from = 0;
            for (Call<T, R> call : group) {
                outcomes.add(new Outcome.Committed<>(List.copyOf(results.subList(from, from + call.items.size()))));
                from += call.items.size();
            }
        } catch (RuntimeException e) {
            boolean retryAlone = group.size() > 1 && !(e instanceof StoreUnavailableException);
            for (int i = 0; i < group.size(); i++) {
                outcomes.add(retryAlone ? new Outcome.Alone<>() : new Outcome.Failed<>(e));
            }
        } catch (Error e) {
            // Every caller of the group must hear of it, or they would wait for ever.
            for (int i = 0; i < group.size(); i++) {
                outcomes.add(new Outcome.Failed<>(new IllegalStateException("the group's transaction failed", e)));
            }
        }
        lock.lock();
        try {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).outcome = outcomes.get(i);
            }
        } finally {
            lock.unlock();
        }
    }

    private static final class Call<T, R> {
        final List<T> items;
        Outcome<R> outcome;

        Call(List<T> items) {
            this.items = items;
        }
    }

    /** How a call's group ended for it. */
    private sealed interface Outcome<R> {
        record Committed<R>(List<R> results) implements Outcome<R> {}

        record Failed<R>(RuntimeException error) implements Outcome<R> {}

        /** The group failed for a reason that may be this call's neighbour's: commit alone. */
        record Alone<R>() implements Outcome<R> {}
    }
}
