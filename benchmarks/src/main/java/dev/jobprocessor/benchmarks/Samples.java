package dev.jobprocessor.benchmarks;

import java.util.Arrays;

/** Latency samples in nanoseconds, and their percentiles in milliseconds (nearest rank). */
final class Samples {

    private final long[] nanos;
    private int size;

    Samples(int capacity) {
        nanos = new long[capacity];
    }

    synchronized void add(long sample) {
        if (size < nanos.length) {
            nanos[size++] = sample;
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
