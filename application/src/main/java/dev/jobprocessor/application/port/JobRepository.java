package dev.jobprocessor.application.port;

import dev.jobprocessor.domain.IdempotencyConflictException;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs live: the write model (enqueue, find, list, claim, apply, expired leases). What operators read about the
 * store as a whole — counts, backlogs, recent failures — is the {@link StatisticsReader} port's. Every method that
 * writes is atomic: it stores everything it was given or nothing. Methods take
 * and return lists so a store can batch round trips; callers with one job pass a list of one.
 *
 * <p>The contract suite ({@code JobRepositoryContract} in this module's test-jar) is the executable specification;
 * every implementation must pass it unchanged. Any method may throw {@link StoreUnavailableException}.
 */
public interface JobRepository {

    /**
     * Stores new pending jobs, all or nothing. A submission whose idempotency key is already taken by a job with the
     * same fingerprint returns that job ({@code created == false}); with a different fingerprint the whole call fails
     * with {@link IdempotencyConflictException} and stores nothing. Concurrent identical submissions store one job.
     * Callers pass distinct idempotency keys within one call (SubmitJob rejects a batch that repeats a key).
     *
     * <p>A submission may depend on other jobs ({@link Submission#dependsOn()}, docs/WORKFLOWS.md): stored ones, or
     * ones of the same call, which callers place before the jobs that depend on them. A parent that does not exist
     * fails the whole call with a {@link dev.jobprocessor.domain.JobValidationException} naming it. A parent already
     * ended is applied to the new job at once ({@link Job#parentEnded}); a parent that ends later is applied in the
     * transaction that ends it. A parent found by its idempotency or unique key stands for the job that has the key.
     */
    List<Enqueued> enqueue(List<Submission> submissions);

    Optional<Job> find(JobId id);

    /** The jobs {@code id} depends on, in the order its submit named them; empty for a job with none, or none at all. */
    List<Dependency> dependenciesOf(JobId id);

    /** Jobs matching the query's filters, newest (highest id) first. */
    JobPage list(JobQuery query);

    /**
     * Moves up to {@code limit} due pending jobs to running, each exactly as {@link Job#claim} would, with a fresh
     * random lease token of at least 128 bits. A job claimed by one caller is never returned to another until it is
     * pending again. The queues' settings ({@link QueueRepository}) bind every claim: no job of a paused queue is
     * claimed, and a claim never brings the running jobs of a queue above its concurrency limit, however many claims
     * run at once.
     */
    List<Job> claim(ClaimRequest request);

    /**
     * Applies each change to the current stored job and stores the result, as one atomic step per job: no other
     * writer can change the job between reading it and storing the result. A change that carries the lease holder's
     * snapshot ({@link JobChange#leased()}) may instead be decided against the snapshot and stored only if the job is
     * still running under that lease, which has the same outcome. Outcomes come back in the order of the changes; a
     * rejected or missing job does not stop the others.
     *
     * <p>When a change ends a job ({@link dev.jobprocessor.domain.Transition#endsJob()}), every job waiting on it
     * learns of it ({@link Job#parentEnded}) in the same atomic step, and so on down the graph: the last parent to
     * complete releases its child to pending, and a cancellation cascades (docs/WORKFLOWS.md). These follow-on changes
     * are not among the outcomes.
     *
     * <p>When a job of a batch ends, or an operator's retry takes an ended one back (a follow-on change included), the
     * batch's {@link dev.jobprocessor.domain.batch.BatchTally} moves in the same atomic step, and each callback whose
     * condition it now meets and that was never enqueued is enqueued in that step: exactly once in the batch's life,
     * however many of its jobs end at once (docs/WORKFLOWS.md, "Batches with callbacks").
     */
    List<ChangeOutcome> apply(List<JobChange> changes);

    /** Up to {@code limit} running jobs whose lease expired at or before {@code now}, oldest expiry first. */
    List<JobId> findExpiredLeases(Instant now, int limit);

    /**
     * Those of {@code ids} that are running with a cancel request ({@link Job#cancelRequestedAt()}), in no particular
     * order; unknown ids and jobs in other states are left out. Workers ask this about the jobs they hold.
     */
    List<JobId> findCancelRequested(List<JobId> ids);
}
