package dev.jobprocessor.application;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;

/**
 * A lease holder's report that its attempt succeeded with {@code result}. An embedded worker also passes the job as
 * it claimed it ({@code leased}), which lets the store record the result with one compare-and-set
 * ({@link dev.jobprocessor.application.port.JobChange}).
 */
public record Completion(JobId id, LeaseToken token, Json result, Job leased) {

    public Completion(JobId id, LeaseToken token, Json result) {
        this(id, token, result, null);
    }

    /** The completion of an attempt this process claimed. */
    public static Completion of(Job leased, Json result) {
        return new Completion(leased.id(), leased.leaseToken(), result, leased);
    }
}
