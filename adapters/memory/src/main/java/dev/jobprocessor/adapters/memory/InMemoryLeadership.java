package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.Leadership;
import java.util.Objects;
import java.util.Optional;

/**
 * Leadership among the runners that share one {@link Seat}: whoever campaigns first while the seat is free leads
 * until it resigns or {@link Seat#depose() is deposed}. With the in-memory store there is one process, and it leads
 * alone; tests share a seat between several runners to stand for several processes.
 */
public final class InMemoryLeadership implements Leadership {

    private final String process;
    private final Seat seat;

    public InMemoryLeadership(String process, Seat seat) {
        this.process = Objects.requireNonNull(process, "process");
        this.seat = Objects.requireNonNull(seat, "seat");
    }

    /** The leadership of a process that is alone with its store. */
    public static InMemoryLeadership alone(String process) {
        return new InMemoryLeadership(process, new Seat());
    }

    @Override
    public boolean campaign() {
        return seat.take(process);
    }

    @Override
    public Optional<String> leader() {
        return seat.holder();
    }

    @Override
    public void resign() {
        seat.release(process);
    }

    /** The one place a leader sits; shared by the processes that compete for it. */
    public static final class Seat {

        private String holder;

        synchronized boolean take(String process) {
            if (holder == null) {
                holder = process;
            }
            return holder.equals(process);
        }

        synchronized void release(String process) {
            if (process.equals(holder)) {
                holder = null;
            }
        }

        synchronized Optional<String> holder() {
            return Optional.ofNullable(holder);
        }

        /** Frees the seat whoever holds it, as a lost connection would: the leader learns it at its next campaign. */
        public synchronized void depose() {
            holder = null;
        }
    }
}
