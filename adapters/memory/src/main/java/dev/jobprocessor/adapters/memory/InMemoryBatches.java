package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobStateCounts;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import dev.jobprocessor.domain.batch.BatchTally;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Batches (docs/WORKFLOWS.md, "Batches with callbacks") for {@link InMemoryJobRepository}, under its lock: each batch,
 * its tally, the callback jobs it has enqueued, and which batch each job belongs to.
 */
final class InMemoryBatches {

    private final Map<BatchId, Batch> batches = new HashMap<>();
    private final Map<BatchId, BatchTally> tallies = new HashMap<>();
    private final Map<BatchId, Map<BatchCallback, JobId>> enqueued = new HashMap<>();
    private final Map<JobId, BatchId> batchOf = new HashMap<>();

    boolean contains(BatchId id) {
        return batches.containsKey(id);
    }

    void add(Batch batch, List<JobId> members) {
        batches.put(batch.id(), batch);
        tallies.put(batch.id(), BatchTally.of(batch.total()));
        enqueued.put(batch.id(), new EnumMap<>(BatchCallback.class));
        members.forEach(member -> batchOf.put(member, batch.id()));
    }

    /**
     * A stored job changed from {@code before} to {@code after}: when that ended or reopened a job of a batch, the
     * batch's tally moves, and the callbacks an end meets that were never enqueued are returned, built with ids from
     * {@code random}, for the caller to store. Empty for every other change.
     */
    List<Job> moved(Job before, Job after, RandomGenerator random) {
        BatchId id = batchOf.get(after.id());
        boolean wasEnded = before.state().isTerminal();
        boolean isEnded = after.state().isTerminal();
        if (id == null || wasEnded == isEnded) {
            return List.of();
        }
        BatchTally tally =
                isEnded ? tallies.get(id).ended(after.state()) : tallies.get(id).reopened(before.state());
        tallies.put(id, tally);
        if (!isEnded) {
            return List.of();
        }
        Batch batch = batches.get(id);
        Map<BatchCallback, JobId> fired = enqueued.get(id);
        List<Job> callbacks = new ArrayList<>();
        for (BatchCallback callback : tally.met()) {
            if (batch.callbacks().containsKey(callback) && !fired.containsKey(callback)) {
                Job job = batch.callbackJob(callback, JobId.newId(after.updatedAt(), random), after.updatedAt());
                fired.put(callback, job.id());
                callbacks.add(job);
            }
        }
        return callbacks;
    }

    /** The batch with its jobs counted by their states now ({@code jobs} finds each member, null once purged). */
    Optional<BatchStatus> status(BatchId id, Function<JobId, Job> jobs) {
        Batch batch = batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        Map<JobState, Integer> totals = JobStateCounts.none();
        batchOf.forEach((member, of) -> {
            Job job = of.equals(id) ? jobs.apply(member) : null;
            if (job != null) {
                totals.merge(job.state(), 1, Integer::sum);
            }
        });
        return Optional.of(new BatchStatus(batch, tallies.get(id), totals, enqueued.get(id)));
    }
}
