package dev.jobprocessor.adapters.metrics;

/**
 * A percentile read off a histogram's buckets: the value below which {@code q} of the observations fall, placed
 * linearly inside the bucket that holds it (as Prometheus's {@code histogram_quantile} does). Exact to a bucket's
 * width, which is what a histogram keeps.
 */
final class BucketPercentiles {

    private BucketPercentiles() {}

    /**
     * {@code bounds[i]} is bucket i's upper bound (ascending, seconds) and {@code counts[i]} how many observations fell
     * at or below it (cumulative); {@code total} counts every observation, including those above the last bound.
     * Null when there were none.
     */
    static Double of(double q, double[] bounds, long[] counts, long total) {
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lower = 0;
        long below = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (counts[i] >= rank) {
                long inBucket = counts[i] - below;
                double share = inBucket == 0 ? 1 : (rank - below) / inBucket;
                return lower + (bounds[i] - lower) * Math.max(0, Math.min(1, share));
            }
            lower = bounds[i];
            below = counts[i];
        }
        return bounds.length == 0 ? null : bounds[bounds.length - 1];
    }
}
