package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Step;
import java.util.Objects;
import java.util.function.Function;

/**
 * A transition to apply to one stored job: {@code transition} is a pure domain function (such as
 * {@code job -> job.completing(token, result, now)}) that returns the {@link Step} it made — the next job and the
 * name of the transition — or throws a domain exception. The store hands the name back in
 * {@link ChangeOutcome.Applied}, so nothing downstream has to infer what happened from the states.
 *
 * <p>{@code leased}, when present, is the job as its lease holder received it from the claim, and
 * {@code transition} is one only the holder of that lease may make. A store may then apply the transition to
 * {@code leased} instead of reading the row, provided it writes the result only if the row is still {@code running}
 * under that lease token and carries no cancel request (a compare-and-set, docs/SPEC.md §5). That is sound because
 * while a lease holds, only its holder changes the job, except for an operator's cancel request
 * (docs/QUEUE_CONTROL.md), which the compare-and-set excludes; the only other thing that moves is the lease's end
 * (heartbeats), which every holder's transition sets anew. Anything else — a rejection, a row no longer under that
 * lease, a row with a cancel request — goes through the read-and-lock path, which decides the outcome.
 */
public record JobChange(JobId id, Function<Job, Step> transition, Job leased) {

    public JobChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transition, "transition");
        if (leased != null
                && (!leased.id().equals(id) || leased.state() != JobState.RUNNING || leased.leaseToken() == null)) {
            throw new IllegalArgumentException("a leased snapshot must be job " + id + ", running under a lease");
        }
    }

    /** A change decided against the stored row. */
    public JobChange(JobId id, Function<Job, Step> transition) {
        this(id, transition, null);
    }
}
