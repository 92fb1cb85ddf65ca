package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Queue;
import dev.jobprocessor.domain.QueueChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queues as records (docs/QUEUE_CONTROL.md): every queue that ever had a job has one, created with the job; an
 * operator may create one before its first job. The settings bind every claimer: {@link JobRepository#claim} gives out
 * no job of a paused queue, and never lets more than a queue's concurrency limit of its jobs run at once. Checked by
 * the contract suite ({@code QueueRepositoryContract}); any method may throw {@link StoreUnavailableException}.
 */
public interface QueueRepository {

    /** Every queue, by name. */
    List<Queue> queues();

    Optional<Queue> queue(String name);

    /**
     * Applies {@code change} to the queue, creating its record first if it has none, as one atomic step, and wakes
     * idle workers of the queue so a resume or a raised limit takes effect at once. Returns the queue as stored.
     */
    Queue change(String name, QueueChange change, Instant now, String actor);

    /**
     * For each queue with due pending jobs at {@code now}, how many there are, counting no further than {@code cap}
     * per queue (a queue with {@code cap} has at least that many): an operator's reading that must stay cheap behind a
     * backlog of millions.
     */
    Map<String, Long> dueCounts(Instant now, long cap);
}
