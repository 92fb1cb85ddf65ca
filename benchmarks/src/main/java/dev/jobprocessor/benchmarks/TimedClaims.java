package dev.jobprocessor.benchmarks;

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
import java.util.function.LongConsumer;

/**
 * A store that reports how long each claim took (the whole call: its round trips and its statements), and, where
 * given, each enqueue and each batch of changes (completions, reaps).
 */
final class TimedClaims implements JobRepository {

    private static final LongConsumer IGNORED = nanos -> {};

    private final JobRepository store;
    private final LongConsumer claimNanos;
    private final LongConsumer enqueueNanos;
    private final LongConsumer applyNanos;

    TimedClaims(JobRepository store, LongConsumer claimNanos) {
        this(store, claimNanos, IGNORED, IGNORED);
    }

    TimedClaims(JobRepository store, LongConsumer claimNanos, LongConsumer enqueueNanos, LongConsumer applyNanos) {
        this.store = store;
        this.claimNanos = claimNanos;
        this.enqueueNanos = enqueueNanos;
        this.applyNanos = applyNanos;
    }

    @Override
    public List<Job> claim(ClaimRequest request) {
        long start = System.nanoTime();
        List<Job> claimed = store.claim(request);
        claimNanos.accept(System.nanoTime() - start);
        return claimed;
    }

    @Override
    public List<Enqueued> enqueue(List<Submission> submissions) {
        long start = System.nanoTime();
        List<Enqueued> enqueued = store.enqueue(submissions);
        enqueueNanos.accept(System.nanoTime() - start);
        return enqueued;
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
    public List<ChangeOutcome> apply(List<JobChange> changes) {
        long start = System.nanoTime();
        List<ChangeOutcome> outcomes = store.apply(changes);
        applyNanos.accept(System.nanoTime() - start);
        return outcomes;
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
