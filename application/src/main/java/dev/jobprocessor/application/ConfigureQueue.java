package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.application.port.QueueRepository;
import dev.jobprocessor.domain.QueueChange;
import java.util.List;
import java.util.Objects;

/**
 * {@code PATCH /queues/{name}}, {@code POST /queues/{name}/pause} and {@code /resume}: changes a queue's settings,
 * creating its record when the queue has never had a job, and answers the queue as it now is.
 */
public final class ConfigureQueue {

    private final QueueRepository queues;
    private final ListQueues list;
    private final Clock clock;

    public ConfigureQueue(QueueRepository queues, ListQueues list, Clock clock) {
        this.queues = Objects.requireNonNull(queues, "queues");
        this.list = Objects.requireNonNull(list, "list");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code actor} is who asked: the token's name, or {@code anonymous} with authentication off. */
    public QueueStatus change(String name, QueueChange change, String actor) {
        return list.withCounts(List.of(queues.change(name, change, clock.now(), actor)))
                .getFirst();
    }
}
