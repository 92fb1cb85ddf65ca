package dev.jobprocessor.application;

import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;

/** A lease holder's report that its attempt failed; {@code leased} as in {@link Completion}. */
public record FailureReport(JobId id, LeaseToken token, Failure failure, Job leased) {

    public FailureReport(JobId id, LeaseToken token, Failure failure) {
        this(id, token, failure, null);
    }

    /** The failure of an attempt this process claimed. */
    public static FailureReport of(Job leased, Failure failure) {
        return new FailureReport(leased.id(), leased.leaseToken(), failure, leased);
    }
}
