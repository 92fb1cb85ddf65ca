package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.util.List;
import java.util.Objects;

/**
 * A new job to store, with the fingerprint of the request that created it (see {@code NewJob#fingerprint()}) and the
 * ids of the jobs it depends on (empty for most jobs; docs/WORKFLOWS.md). A job with parents is created waiting, with
 * {@link Job#dependencies()} counting them.
 */
public record Submission(Job job, String fingerprint, List<JobId> dependsOn) {

    public Submission {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(fingerprint, "fingerprint");
        dependsOn = List.copyOf(dependsOn);
        int parents = job.dependencies() == null ? 0 : job.dependencies().parents();
        if (parents != dependsOn.size()) {
            throw new IllegalArgumentException(
                    "job " + job.id() + " counts " + parents + " parents but names " + dependsOn.size());
        }
    }

    /** A job that depends on no other job. */
    public Submission(Job job, String fingerprint) {
        this(job, fingerprint, List.of());
    }
}
