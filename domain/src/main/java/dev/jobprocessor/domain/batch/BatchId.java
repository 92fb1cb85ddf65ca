package dev.jobprocessor.domain.batch;

import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** A batch's identity: a version 7 UUID drawn as job ids are. */
public record BatchId(UUID value) {

    public BatchId {
        Objects.requireNonNull(value, "value");
    }

    public static BatchId newId(Instant now, RandomGenerator random) {
        return new BatchId(JobId.newId(now, random).value());
    }

    /** The canonical textual form only, as {@link JobId#parse}; {@link IllegalArgumentException} for anything else. */
    public static BatchId parse(String text) {
        try {
            return new BatchId(JobId.parse(text).value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a batch id: " + text, e);
        }
    }

    /** What a callback job of this batch records as its creator. */
    public String creator() {
        return "batch:" + value;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
