package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.application.port.Clock;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hands claimed jobs this worker will not run to the end back to pending through {@link ReleaseJobs}: their attempts
 * do not count. For buffered jobs that waited too long, and for everything left at shutdown.
 */
final class HandBack {

    private static final System.Logger LOG = System.getLogger(HandBack.class.getName());

    private final ReleaseJobs releaseJobs;
    private final String workerId;
    private final Clock clock;

    HandBack(ReleaseJobs releaseJobs, String workerId, Clock clock) {
        this.releaseJobs = releaseJobs;
        this.workerId = workerId;
        this.clock = clock;
    }

    /** Releases the attempts' jobs in one store call; failures are logged, never thrown. */
    void release(List<Attempt> attempts) {
        long released = releaseAll(attempts);
        if (released >= 0) {
            LOG.log(Level.INFO, "worker {0}: handed {1} job(s) back to pending", workerId, released);
        }
    }

    /**
     * Hands back the attempts an operator cancelled: their jobs carry the cancel request, so the store ends them
     * cancelled rather than pending (docs/QUEUE_CONTROL.md). Failures are logged, never thrown: the leases then run out
     * and the reaper ends the jobs cancelled.
     */
    void stopCancelled(List<Attempt> attempts) {
        long stopped = releaseAll(attempts);
        if (stopped >= 0) {
            LOG.log(Level.INFO, "worker {0}: stopped {1} cancelled job(s)", workerId, stopped);
        }
    }

    /** How many of the attempts' jobs the store took back; -1 when there were none, or the store call failed. */
    private long releaseAll(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return -1;
        }
        Map<JobId, LeaseToken> tokens = new LinkedHashMap<>();
        attempts.forEach(attempt -> tokens.put(attempt.job().id(), attempt.job().leaseToken()));
        Instant started = clock.now();
        try {
            List<ChangeOutcome> outcomes = releaseJobs.releaseAll(tokens);
            Instant ended = clock.now();
            Set<JobId> released = outcomes.stream()
                    .filter(ChangeOutcome.Applied.class::isInstance)
                    .map(ChangeOutcome::id)
                    .collect(Collectors.toSet());
            for (Attempt attempt : attempts) {
                if (released.contains(attempt.job().id())) {
                    attempt.trace().stored("release", started, ended);
                } else {
                    attempt.trace().abandoned("its hand-back was not recorded", ended);
                }
            }
            return released.size();
        } catch (RuntimeException e) {
            // Their leases will expire and the reaper will hand them back instead (counting the attempts).
            LOG.log(Level.ERROR, "worker " + workerId + ": could not hand back jobs", e);
            Instant failedAt = clock.now();
            attempts.forEach(attempt -> attempt.trace().abandoned("its hand-back could not be recorded", failedAt));
            return -1;
        }
    }
}
