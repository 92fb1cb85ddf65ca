package dev.jobprocessor.application.port;

import java.util.Objects;
import java.util.Set;

/**
 * Which queues' jobs a purge deletes: all of them, one queue (whose own retention applies), or all but the queues
 * that have their own retention for the state being purged.
 */
public sealed interface QueueScope {

    record All() implements QueueScope {}

    record Only(String queue) implements QueueScope {
        public Only {
            Objects.requireNonNull(queue, "queue");
        }
    }

    record AllBut(Set<String> queues) implements QueueScope {
        public AllBut {
            queues = Set.copyOf(queues);
        }
    }

    static QueueScope all() {
        return new All();
    }

    /** True when {@code queue}'s jobs are in this scope. */
    default boolean includes(String queue) {
        return switch (this) {
            case All all -> true;
            case Only only -> only.queue().equals(queue);
            case AllBut allBut -> !allBut.queues().contains(queue);
        };
    }
}
