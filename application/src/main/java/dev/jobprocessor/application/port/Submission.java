package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import java.util.Objects;

/** A new job to store, with the fingerprint of the request that created it (see {@code NewJob#fingerprint()}). */
public record Submission(Job job, String fingerprint) {

    public Submission {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
