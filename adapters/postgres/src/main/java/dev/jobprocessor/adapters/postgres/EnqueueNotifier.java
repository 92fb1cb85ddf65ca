package dev.jobprocessor.adapters.postgres;

import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Sends the wake-up NOTIFY for newly enqueued jobs after their transaction has committed, from a thread of its own,
 * one statement per round for every queue that got jobs since the last round.
 *
 * <p>Why not NOTIFY inside the enqueue transaction: PostgreSQL serialises the commits of all notifying transactions
 * (they queue for one lock, held across the commit's WAL flush), which capped single submits at about 500 per second
 * on the benchmark machine however many clients submitted. Here the enqueue commits on its own, and while one NOTIFY
 * round runs, the queues of later enqueues gather for the next. A notification is only a hint: a crash between commit
 * and NOTIFY delays a job by at most a worker's poll interval, never loses it.
 */
final class EnqueueNotifier {

    private static final System.Logger LOG = System.getLogger(EnqueueNotifier.class.getName());

    private final DSLContext dsl;
    private final String channel;
    private final Set<String> waiting = new LinkedHashSet<>();
    private Thread sender;

    EnqueueNotifier(DSLContext dsl, String channel) {
        this.dsl = dsl;
        this.channel = channel;
    }

    /** Asks for one NOTIFY per queue in {@code queues}, soon; returns at once. */
    synchronized void enqueued(Collection<String> queues) {
        if (queues.isEmpty()) {
            return;
        }
        waiting.addAll(queues);
        if (sender == null) {
            // A platform thread: a virtual one waiting in Object.wait() would pin its carrier on Java 21.
            sender = Thread.ofPlatform().name("enqueue-notifier").daemon().start(this::sendForever);
        }
        notifyAll();
    }

    private void sendForever() {
        while (true) {
            List<String> queues;
            synchronized (this) {
                while (waiting.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                queues = List.copyOf(waiting);
                waiting.clear();
            }
            try {
                dsl.select(DSL.function("pg_notify", Object.class, DSL.val(channel), DSL.field("queue")))
                        .from(DSL.unnest(queues.toArray(new String[0])).as("queued", "queue"))
                        .fetch();
            } catch (RuntimeException e) {
                // Only a hint is lost: workers find the jobs on their next poll.
                LOG.log(Level.WARNING, "could not notify workers of new jobs in {0}: {1}", queues, e.getMessage());
            }
        }
    }
}
