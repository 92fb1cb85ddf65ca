package dev.jobprocessor.domain;

/** An idempotency key that already belongs to a job created by a different request. */
public final class IdempotencyConflictException extends DomainException {

    private final String idempotencyKey;
    private final JobId existingJobId;

    public IdempotencyConflictException(String idempotencyKey, JobId existingJobId) {
        super("idempotency key '" + idempotencyKey + "' is already used by job " + existingJobId
                + ", which was created by a different request");
        this.idempotencyKey = idempotencyKey;
        this.existingJobId = existingJobId;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public JobId existingJobId() {
        return existingJobId;
    }
}
