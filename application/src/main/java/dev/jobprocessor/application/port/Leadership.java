package dev.jobprocessor.application.port;

import java.util.Optional;

/**
 * Which one of the processes sharing a store leads its maintenance: periodic work that one process should do for all
 * (reaping expired leases, folding counts; later recurring jobs and retention). At most one process leads at a time;
 * when the leader stops, crashes or loses its store, another takes over at its next campaign.
 *
 * <p>Leading is an economy and an order, never a correctness guarantee on its own: a task must stay safe if two
 * processes ran it at once (a leader cut off from the store may not know yet that it was replaced). The stores make
 * that true with row locks and compare-and-set writes.
 */
public interface Leadership {

    /**
     * Tries to become the leader, or checks that this process still is one; true while it leads. Called every
     * campaign interval by the maintenance runner. Never throws: a store that cannot be reached means not leading.
     */
    boolean campaign();

    /** The name of the process that leads now, as far as the store knows; empty when none does. */
    Optional<String> leader();

    /** Gives leadership up at once (on shutdown), so another process can take over without waiting for a timeout. */
    void resign();
}
