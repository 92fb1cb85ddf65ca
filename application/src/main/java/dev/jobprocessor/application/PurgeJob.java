package dev.jobprocessor.application;

import dev.jobprocessor.application.port.JobPurger;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.domain.JobId;

/** Deletes one finished job at an operator's request ({@code DELETE /jobs/{id}}); a pending or running one is kept. */
public final class PurgeJob {

    private final JobPurger purger;

    public PurgeJob(JobPurger purger) {
        this.purger = purger;
    }

    public PurgeOutcome purge(JobId id) {
        return purger.purge(id);
    }
}
