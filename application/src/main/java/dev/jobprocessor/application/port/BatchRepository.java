package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchId;
import java.util.List;
import java.util.Optional;

/**
 * Where batches live (docs/WORKFLOWS.md, "Batches with callbacks"). The jobs of a batch are the {@link JobRepository}'s;
 * that store keeps the batch's tally and enqueues its callbacks in the atomic step of {@link JobRepository#apply} that
 * ends (or reopens) one of its jobs, so that each callback is enqueued exactly once.
 *
 * <p>The contract suite ({@code BatchRepositoryContract} in this module's test-jar) is the executable specification.
 * Any method may throw {@link StoreUnavailableException}.
 */
public interface BatchRepository {

    /**
     * Stores the batch and its jobs, all or nothing, as {@link JobRepository#enqueue} stores jobs; the jobs are given
     * parents first, depend only on each other and carry no keys, so every one is created.
     */
    List<Enqueued> create(Batch batch, List<Submission> submissions);

    /** The batch as it is now; empty when no batch has this id. */
    Optional<BatchStatus> findBatch(BatchId id);
}
