package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchTally;
import java.util.Map;
import java.util.Objects;

/**
 * A batch as read: the batch, its tally of ends (what its callbacks were decided on), its jobs counted by their
 * states now (every state present; jobs purged by retention no longer counted), and the callback jobs enqueued so far.
 */
public record BatchStatus(
        Batch batch, BatchTally tally, Map<JobState, Integer> totals, Map<BatchCallback, JobId> enqueuedCallbacks) {

    public BatchStatus {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(tally, "tally");
        totals = Map.copyOf(totals);
        enqueuedCallbacks = Map.copyOf(enqueuedCallbacks);
    }
}
