package dev.jobprocessor.application;

import dev.jobprocessor.domain.JobId;

/** No job has the requested id. */
public final class JobNotFoundException extends RuntimeException {

    private final JobId jobId;

    public JobNotFoundException(JobId jobId) {
        super("job " + jobId + " does not exist");
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
