package dev.jobprocessor.domain;

/** A snooze of a job that has already snoozed {@link JobLimits#MAX_SNOOZES} times in this retry cycle. */
public final class SnoozeLimitReachedException extends DomainException {

    private final JobId jobId;

    public SnoozeLimitReachedException(JobId jobId, int snoozes) {
        super("cannot snooze job " + jobId + ": it has snoozed " + snoozes + " times, the most a job may ("
                + JobLimits.MAX_SNOOZES + " per retry cycle); complete or fail it");
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
