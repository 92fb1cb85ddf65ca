package dev.jobprocessor.application;

import java.time.Duration;

/**
 * How many jobs the next delete statement may remove: large enough that a backlog drains in few statements, small
 * enough that one statement stays short (its row locks, its WAL burst, the dead tuples it leaves for vacuum). Adapts
 * to what the last statement cost: halves after a slow one, grows by a quarter after a fast one, stays put in between,
 * always within [{@link #MIN}, {@link #MAX}]. Pure: the caller measures, this decides.
 */
public record PurgeBatchSize(int rows) {

    /** Where a sweep starts: a few thousand rows, some milliseconds of work on an idle server. */
    public static final int START = 2_000;

    public static final int MIN = 100;
    public static final int MAX = 10_000;

    /** A statement slower than this is too long to hold its locks: the next one takes half as many rows. */
    public static final Duration SLOW = Duration.ofMillis(250);

    /** A statement faster than this leaves room: the next one takes a quarter more, up to {@link #MAX}. */
    public static final Duration FAST = Duration.ofMillis(100);

    public static final PurgeBatchSize INITIAL = new PurgeBatchSize(START);

    public PurgeBatchSize {
        if (rows < MIN || rows > MAX) {
            throw new IllegalArgumentException("a purge batch holds " + MIN + " to " + MAX + " rows, got " + rows);
        }
    }

    /** The size after a statement of this size took {@code took}. */
    public PurgeBatchSize after(Duration took) {
        if (took.compareTo(SLOW) > 0) {
            return new PurgeBatchSize(Math.max(MIN, rows / 2));
        }
        if (took.compareTo(FAST) < 0) {
            return new PurgeBatchSize(Math.min(MAX, rows + Math.max(1, rows / 4)));
        }
        return this;
    }
}
