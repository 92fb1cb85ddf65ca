package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.PurgeObserver;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.application.port.QueueScope;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import java.lang.System.Logger.Level;
import java.time.Instant;

/**
 * A purger that tells a {@link PurgeObserver} how many jobs each committed delete removed. Wrapping the port, as
 * {@link ObservedJobRepository} does for the write model, means the sweep and both manual purges are counted alike.
 */
public final class ObservedJobPurger implements JobPurger {

    private static final System.Logger LOG = System.getLogger(ObservedJobPurger.class.getName());

    private final JobPurger store;
    private final PurgeObserver observer;

    public ObservedJobPurger(JobPurger store, PurgeObserver observer) {
        this.store = store;
        this.observer = observer;
    }

    @Override
    public int purgeFinished(JobState state, Instant finishedBefore, int limit, QueueScope scope) {
        int purged = store.purgeFinished(state, finishedBefore, limit, scope);
        tell(state, purged);
        return purged;
    }

    @Override
    public long countFinished(JobState state, Instant finishedBefore) {
        return store.countFinished(state, finishedBefore);
    }

    @Override
    public PurgeOutcome purge(JobId id) {
        PurgeOutcome outcome = store.purge(id);
        if (outcome instanceof PurgeOutcome.Purged(JobId purged, JobState state)) {
            tell(state, 1);
        }
        return outcome;
    }

    private void tell(JobState state, long count) {
        if (count == 0) {
            return;
        }
        try {
            observer.purged(state, count);
        } catch (RuntimeException e) {
            // The delete is committed; a broken metric must not turn it into an error for the caller.
            LOG.log(Level.WARNING, "a purge observer failed; the jobs are deleted", e);
        }
    }
}
