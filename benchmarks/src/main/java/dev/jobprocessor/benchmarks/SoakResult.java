package dev.jobprocessor.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's summary: the clean phase as the baseline (the median of its minutes after the first, which warms up),
 * the worst minute while the transaction was held, how soon after it ended claims were back within 20 % of the
 * baseline with no backlog left, and how the table grew.
 */
record SoakResult(
        int minutes,
        int rate,
        double cleanClaimP99,
        double cleanPickupP99,
        double stuckWorstClaimP99,
        double stuckWorstPickupP99,
        long stuckMaxBacklog,
        double stuckCompletedPerSecond,
        int recoveredAfterMinutes,
        long finalBacklog,
        double tableMegabytesAtMinute5,
        double tableMegabytesFinal,
        long maxDeadTuples,
        long submitFailures) {

    static SoakResult of(List<Minute> minutes, int rate, long submitFailures) {
        List<Minute> clean =
                minutes.stream().filter(m -> m.phase() == Phase.CLEAN).toList();
        List<Minute> baseline = clean.size() > 1 ? clean.subList(1, clean.size()) : clean;
        List<Minute> stuck =
                minutes.stream().filter(m -> m.phase() == Phase.STUCK).toList();
        List<Minute> recovery =
                minutes.stream().filter(m -> m.phase() == Phase.RECOVERY).toList();
        double cleanClaim = median(baseline, Minute::claimP99Millis);
        double cleanPickup = median(baseline, Minute::pickupP99Millis);
        int recoveredAfter = -1;
        for (int i = 0; i < recovery.size(); i++) {
            Minute m = recovery.get(i);
            if (m.claimP99Millis() <= 1.2 * cleanClaim && m.backlog() <= rate) {
                recoveredAfter = i + 1;
                break;
            }
        }
        Minute last = minutes.get(minutes.size() - 1);
        Minute fifth = minutes.get(Math.min(5, minutes.size()) - 1);
        return new SoakResult(
                minutes.size(),
                rate,
                cleanClaim,
                cleanPickup,
                max(stuck, Minute::claimP99Millis),
                max(stuck, Minute::pickupP99Millis),
                (long) max(stuck, Minute::backlog),
                stuck.stream().mapToLong(Minute::completed).sum() / (60.0 * Math.max(1, stuck.size())),
                recoveredAfter,
                last.backlog(),
                fifth.tableMegabytes(),
                last.tableMegabytes(),
                (long) max(minutes, Minute::deadTuples),
                submitFailures);
    }

    String line() {
        return String.format(
                Locale.ROOT,
                "RESULT soak minutes=%d rate=%d clean_claim_p99_ms=%.2f clean_pickup_p99_ms=%.2f"
                        + " stuck_worst_claim_p99_ms=%.2f stuck_worst_pickup_p99_ms=%.2f stuck_pickup_ratio=%.2f"
                        + " stuck_max_backlog=%d stuck_completed_per_s=%.0f recovered_after_min=%s final_backlog=%d"
                        + " table_mb_min5=%.1f table_mb_final=%.1f table_growth=%.2f max_dead_tuples=%d"
                        + " submit_failures=%d",
                minutes,
                rate,
                cleanClaimP99,
                cleanPickupP99,
                stuckWorstClaimP99,
                stuckWorstPickupP99,
                stuckWorstPickupP99 / cleanPickupP99,
                stuckMaxBacklog,
                stuckCompletedPerSecond,
                recoveredAfterMinutes < 0 ? "never" : Integer.toString(recoveredAfterMinutes),
                finalBacklog,
                tableMegabytesAtMinute5,
                tableMegabytesFinal,
                tableMegabytesFinal / tableMegabytesAtMinute5,
                maxDeadTuples,
                submitFailures);
    }

    private static double median(List<Minute> minutes, ToDoubleFunction<Minute> figure) {
        double[] values = minutes.stream().mapToDouble(figure).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[(values.length - 1) / 2];
    }

    private static double max(List<Minute> minutes, ToDoubleFunction<Minute> figure) {
        return Arrays.stream(minutes.stream().mapToDouble(figure).toArray())
                .max()
                .orElse(Double.NaN);
    }
}
