package dev.jobprocessor.adapters.postgres;

import dev.jobprocessor.domain.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ends and reopenings of batch jobs made in one transaction, gathered as the transaction changes jobs — directly,
 * or as a parent's end cascades — for {@link BatchTallies#settle} to apply before the transaction commits.
 */
final class BatchMoves {

    /** A job of batch {@code batchId} went from {@code before} to {@code after} at {@code at}; one of them is final. */
    record Move(UUID batchId, JobState before, JobState after, Instant at) {}

    private final List<Move> moves = new ArrayList<>();

    /** Records the change if it ends or reopens a job of a batch ({@code batchId} not null); ignores any other. */
    void record(UUID batchId, JobState before, JobState after, Instant at) {
        if (batchId != null && before.isTerminal() != after.isTerminal()) {
            moves.add(new Move(batchId, before, after, at));
        }
    }

    List<Move> all() {
        return List.copyOf(moves);
    }
}
