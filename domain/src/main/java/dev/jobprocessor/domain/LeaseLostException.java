package dev.jobprocessor.domain;

/** A worker write whose lease token does not match a running job's current lease: the lease expired or was never held. */
public final class LeaseLostException extends DomainException {

    private final JobId jobId;
    private final JobEvent event;

    public LeaseLostException(JobId jobId, JobEvent event) {
        super("cannot " + event.wireName().replace('_', ' ') + " job " + jobId
                + ": the lease token does not hold its current lease (the lease expired, or the job finished)");
        this.jobId = jobId;
        this.event = event;
    }

    public JobId jobId() {
        return jobId;
    }

    public JobEvent event() {
        return event;
    }
}
