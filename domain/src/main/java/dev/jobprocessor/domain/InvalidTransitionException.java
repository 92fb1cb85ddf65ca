package dev.jobprocessor.domain;

/** An event that the transition table does not allow in the job's current state, e.g. cancelling a running job. */
public final class InvalidTransitionException extends DomainException {

    private final JobId jobId;
    private final JobState state;
    private final JobEvent event;

    public InvalidTransitionException(JobId jobId, JobState state, JobEvent event, String reason) {
        super("cannot " + event.wireName().replace('_', ' ') + " job " + jobId + ": " + reason);
        this.jobId = jobId;
        this.state = state;
        this.event = event;
    }

    public InvalidTransitionException(JobId jobId, JobState state, JobEvent event) {
        this(jobId, state, event, "it is " + state.wireName());
    }

    public JobId jobId() {
        return jobId;
    }

    public JobState state() {
        return state;
    }

    public JobEvent event() {
        return event;
    }
}
