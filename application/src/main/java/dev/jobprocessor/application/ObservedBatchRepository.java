package dev.jobprocessor.application;

import dev.jobprocessor.application.port.BatchRepository;
import dev.jobprocessor.application.port.BatchStatus;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.batch.Batch;
import dev.jobprocessor.domain.batch.BatchId;
import java.util.List;
import java.util.Optional;

/** A batch store whose new jobs are told to the {@link JobObserver}, as {@link ObservedWorkflowRepository} does. */
public final class ObservedBatchRepository implements BatchRepository {

    private final BatchRepository store;
    private final JobObserver observer;

    public ObservedBatchRepository(BatchRepository store, JobObserver observer) {
        this.store = store;
        this.observer = observer;
    }

    @Override
    public List<Enqueued> create(Batch batch, List<Submission> submissions) {
        List<Enqueued> stored = store.create(batch, submissions);
        ObservedJobRepository.tellCreated(observer, stored);
        return stored;
    }

    @Override
    public Optional<BatchStatus> findBatch(BatchId id) {
        return store.findBatch(id);
    }
}
