package dev.jobprocessor.adapters.memory.usecases;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Passes every call through, and keeps the batches given to {@code apply}: one entry per store round trip. */
final class CountingJobRepository implements JobRepository {

    private final JobRepository store;
    private final List<List<JobChange>> applied = new CopyOnWriteArrayList<>();

    CountingJobRepository(JobRepository store) {
        this.store = store;
    }

    /** The batches {@code apply} received since the last {@link #forget()}, in order. */
    List<List<JobChange>> applied() {
        return List.copyOf(applied);
    }

    void forget() {
        applied.clear();
    }

    @Override
    public List<ChangeOutcome> apply(List<JobChange> changes) {
        applied.add(List.copyOf(changes));
        return store.apply(changes);
    }

    @Override
    public List<Enqueued> enqueue(List<Submission> submissions) {
        return store.enqueue(submissions);
    }

    @Override
    public Optional<Job> find(JobId id) {
        return store.find(id);
    }

    @Override
    public List<Dependency> dependenciesOf(JobId id) {
        return store.dependenciesOf(id);
    }

    @Override
    public JobPage list(JobQuery query) {
        return store.list(query);
    }

    @Override
    public List<Job> claim(ClaimRequest request) {
        return store.claim(request);
    }

    @Override
    public List<JobId> findExpiredLeases(Instant now, int limit) {
        return store.findExpiredLeases(now, limit);
    }

    @Override
    public List<JobId> findCancelRequested(List<JobId> ids) {
        return store.findCancelRequested(ids);
    }
}
