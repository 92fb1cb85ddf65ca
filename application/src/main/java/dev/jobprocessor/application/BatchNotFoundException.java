package dev.jobprocessor.application;

import dev.jobprocessor.domain.batch.BatchId;

/** No batch has the requested id. */
public final class BatchNotFoundException extends RuntimeException {

    private final BatchId id;

    public BatchNotFoundException(BatchId id) {
        super("batch " + id + " does not exist");
        this.id = id;
    }

    public BatchId id() {
        return id;
    }
}
