package dev.jobprocessor.application;

import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.application.port.DuplicateObserver;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobChange;
import dev.jobprocessor.application.port.JobLifecycle;
import dev.jobprocessor.application.port.JobObserver;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A repository that tells a {@link JobObserver} what each committed write did to a job's life. Wrapping the port,
 * rather than each use case, means every writer — HTTP routes, embedded workers, the reaper — is observed the same
 * way, and a step is only reported once it is stored.
 */
public final class ObservedJobRepository implements JobRepository {

    private static final System.Logger LOG = System.getLogger(ObservedJobRepository.class.getName());

    private final JobRepository store;
    private final JobObserver observer;
    private final DuplicateObserver duplicates;

    public ObservedJobRepository(JobRepository store, JobObserver observer) {
        this(store, observer, DuplicateObserver.NONE);
    }

    /** As above, also telling {@code duplicates} of the submissions an earlier unique job kept out. */
    public ObservedJobRepository(JobRepository store, JobObserver observer, DuplicateObserver duplicates) {
        this.store = store;
        this.observer = observer;
        this.duplicates = duplicates;
    }

    @Override
    public List<Enqueued> enqueue(List<Submission> submissions) {
        List<Enqueued> stored = store.enqueue(submissions);
        tellCreated(observer, stored);
        List<Job> keptOutBy =
                stored.stream().filter(Enqueued::duplicate).map(Enqueued::job).toList();
        if (!keptOutBy.isEmpty()) {
            try {
                duplicates.duplicatesAvoided(keptOutBy);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a duplicate observer failed; the submit itself is answered", e);
            }
        }
        return stored;
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
        List<Job> claimed = store.claim(request);
        tell(claimed.stream().map(JobLifecycle::started).toList());
        return claimed;
    }

    @Override
    public List<ChangeOutcome> apply(List<JobChange> changes) {
        List<ChangeOutcome> outcomes = store.apply(changes);
        List<JobLifecycle> steps = new ArrayList<>();
        for (ChangeOutcome outcome : outcomes) {
            if (outcome instanceof ChangeOutcome.Applied(var transition, Job before, Job after)) {
                JobLifecycle.of(transition, before, after).ifPresent(steps::add);
            }
        }
        tell(steps);
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

    private void tell(List<JobLifecycle> steps) {
        tell(observer, steps);
    }

    /** Tells {@code observer} of the jobs among {@code stored} that a committed submit created. */
    static void tellCreated(JobObserver observer, List<Enqueued> stored) {
        tell(
                observer,
                stored.stream()
                        .filter(Enqueued::created)
                        .map(e -> JobLifecycle.created(e.job()))
                        .toList());
    }

    /** Tells {@code observer} of committed steps; a failing observer is logged, never the caller's error. */
    static void tell(JobObserver observer, List<JobLifecycle> steps) {
        if (steps.isEmpty()) {
            return;
        }
        try {
            observer.observe(steps);
        } catch (RuntimeException e) {
            // The change is committed; a broken metric or log line must not turn it into an error for the caller.
            LOG.log(Level.WARNING, "a job observer failed; the change itself is stored", e);
        }
    }
}
