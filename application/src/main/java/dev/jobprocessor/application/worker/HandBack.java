package dev.jobprocessor.application.worker;

import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands claimed jobs this worker will not run to the end back to pending through {@link ReleaseJobs}: their attempts
 * do not count. For buffered jobs that waited too long, and for everything left at shutdown.
 */
final class HandBack {

    private static final System.Logger LOG = System.getLogger(HandBack.class.getName());

    private final ReleaseJobs releaseJobs;
    private final String workerId;

    HandBack(ReleaseJobs releaseJobs, String workerId) {
        this.releaseJobs = releaseJobs;
        this.workerId = workerId;
    }

    /** Releases the attempts' jobs in one store call; failures are logged, never thrown. */
    void release(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        Map<JobId, LeaseToken> tokens = new LinkedHashMap<>();
        attempts.forEach(attempt -> tokens.put(attempt.job().id(), attempt.job().leaseToken()));
        try {
            List<ChangeOutcome> outcomes = releaseJobs.releaseAll(tokens);
            long released = outcomes.stream()
                    .filter(ChangeOutcome.Applied.class::isInstance)
                    .count();
            LOG.log(Level.INFO, "worker {0}: handed {1} job(s) back to pending", workerId, released);
        } catch (RuntimeException e) {
            // Their leases will expire and the reaper will hand them back instead (counting the attempts).
            LOG.log(Level.ERROR, "worker " + workerId + ": could not hand back jobs", e);
        }
    }
}
