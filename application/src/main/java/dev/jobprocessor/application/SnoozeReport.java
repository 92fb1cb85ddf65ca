package dev.jobprocessor.application;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.LeaseToken;
import java.time.Duration;

/** A lease holder's "not yet": run the job again after {@code delay}; {@code leased} as in {@link Completion}. */
public record SnoozeReport(JobId id, LeaseToken token, Duration delay, Job leased) {

    public SnoozeReport(JobId id, LeaseToken token, Duration delay) {
        this(id, token, delay, null);
    }

    /** The snooze of an attempt this process claimed. */
    public static SnoozeReport of(Job leased, Duration delay) {
        return new SnoozeReport(leased.id(), leased.leaseToken(), delay, leased);
    }
}
