package dev.jobprocessor.domain.batch;

import dev.jobprocessor.domain.JobState;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a batch's jobs have ended so far, counted as they end — {@code completed}, {@code failed} (failed or dead) and
 * {@code cancelled} of {@code total} — and the rule that turns the count into callbacks. Counted as the jobs end
 * rather than read from them, so that retention purging finished jobs cannot change what a batch has seen; an
 * operator's retry of an ended job takes its end back out.
 */
public record BatchTally(int total, int completed, int failed, int cancelled) {

    public BatchTally {
        if (total < 1 || completed < 0 || failed < 0 || cancelled < 0 || completed + failed + cancelled > total) {
            throw new IllegalArgumentException("a batch of " + total + " jobs cannot have " + completed + " completed, "
                    + failed + " failed and " + cancelled + " cancelled");
        }
    }

    public static BatchTally of(int total) {
        return new BatchTally(total, 0, 0, 0);
    }

    /** A job of the batch reached the final state {@code end}. */
    public BatchTally ended(JobState end) {
        return moved(end, 1);
    }

    /** A job of the batch left the final state {@code end} (an operator retried it). */
    public BatchTally reopened(JobState end) {
        return moved(end, -1);
    }

    private BatchTally moved(JobState end, int by) {
        return switch (end) {
            case COMPLETED -> new BatchTally(total, completed + by, failed, cancelled);
            case FAILED, DEAD -> new BatchTally(total, completed, failed + by, cancelled);
            case CANCELLED -> new BatchTally(total, completed, failed, cancelled + by);
            case WAITING, PENDING, RUNNING -> throw new IllegalArgumentException(end + " is not a final state");
        };
    }

    /** The callbacks whose condition holds now; the store enqueues those among them that have not fired yet. */
    public Set<BatchCallback> met() {
        Set<BatchCallback> met = EnumSet.noneOf(BatchCallback.class);
        if (completed == total) {
            met.add(BatchCallback.ON_SUCCESS);
        }
        if (completed + failed + cancelled == total) {
            met.add(BatchCallback.ON_FINISH);
        }
        if (failed > 0) {
            met.add(BatchCallback.ON_DEAD);
        }
        return met;
    }
}
