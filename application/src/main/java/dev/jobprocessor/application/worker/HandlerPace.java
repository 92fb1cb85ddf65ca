package dev.jobprocessor.application.worker;

import java.util.concurrent.TimeUnit;

/**
 * How long the handlers of one queue's slots have been taking (a moving average), and from it how many claimed jobs
 * are worth buffering: about half a second of work for those slots, never more than the {@code prefetch} setting. Each
 * queue keeps its own pace, so slow reports never shrink the buffer of quick jobs elsewhere.
 *
 * <p>Why adapt: a buffer pays off for short jobs, where it turns claims of a few jobs into claims of a hundred; for
 * slow jobs it would only hold jobs back from idle workers elsewhere. Until a handler has finished, nothing is
 * buffered.
 */
final class HandlerPace {

    /** How much work the buffer may hold, in handler time per slot. */
    static final long BUFFERED_WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final long UNKNOWN = -1;

    private long averageNanos = UNKNOWN;
    private boolean holdingBack;

    /** Adds one handler's duration to the average (weight 1/8: a few slow jobs shrink the buffer quickly). */
    synchronized void handlerTook(long nanos) {
        long sample = Math.max(0, nanos);
        averageNanos = averageNanos == UNKNOWN ? sample : averageNanos + (sample - averageNanos) / 8;
        holdingBack = false;
    }

    /**
     * A buffered job waited too long for a slot: the running handlers are slower than the average says (it learns
     * only from handlers that finished). Buffer nothing until the next handler finishes and updates the average.
     */
    synchronized void bufferWaitedTooLong() {
        holdingBack = true;
    }

    /** How many jobs to buffer beyond the free slots right now, for {@code slots} slots and at most {@code limit}. */
    synchronized int prefetch(int slots, int limit) {
        if (limit == 0 || averageNanos == UNKNOWN || holdingBack) {
            return 0;
        }
        long worth = BUFFERED_WORK_NANOS * slots / Math.max(1, averageNanos);
        return (int) Math.min(limit, worth);
    }
}
