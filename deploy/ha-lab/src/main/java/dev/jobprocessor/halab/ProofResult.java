package dev.jobprocessor.halab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scenario's outcome: the {@code RESULT} line scripts read, and whether it passes.
 *
 * @param scenario the fault's name
 * @param tally acknowledged jobs against executions
 * @param producer what the producer saw
 * @param restarts service processes that died or were restarted during the run
 * @param maxDuplicates the most jobs that may run twice: those running when the fault struck, at most every worker
 *     slot of the lab
 */
record ProofResult(String scenario, Tally tally, ProducerCounts producer, int restarts, int maxDuplicates) {

    String line() {
        return String.format(
                Locale.ROOT,
                "RESULT scenario=%s acknowledged=%d lost=%d duplicates=%d http_5xx=%d write_outage_s=%.1f"
                        + " ready_503_s=%.1f restarts=%d",
                scenario,
                tally.acknowledged(),
                tally.lost().size(),
                tally.duplicated().size(),
                producer.serverErrors(),
                producer.writeOutageMillis() / 1000.0,
                producer.notReadyMillis() / 1000.0,
                restarts);
    }

    /** Why the scenario fails; empty when it passes. */
    List<String> failures(Expectation expectation) {
        List<String> failures = new ArrayList<>();
        if (tally.acknowledged() == 0) {
            failures.add("nothing was acknowledged: the producer never reached the service");
        }
        switch (expectation) {
            case NOTHING_LOST -> {
                if (!tally.lost().isEmpty()) {
                    failures.add(tally.lost().size() + " acknowledged job(s) never ran, e.g. "
                            + tally.lost().subList(0, Math.min(5, tally.lost().size())));
                }
                if (producer.serverErrors() > 0) {
                    failures.add(producer.serverErrors() + " answer(s) 5xx other than 503");
                }
                if (restarts > 0) {
                    failures.add(restarts + " service process(es) died or restarted");
                }
                if (tally.duplicated().size() > maxDuplicates) {
                    failures.add(tally.duplicated().size() + " job(s) ran twice, more than the " + maxDuplicates
                            + " worker slots that can be running when the fault strikes");
                }
                if (producer.rejected() > 0) {
                    failures.add(producer.rejected() + " submit(s) refused with 4xx");
                }
                if (producer.abandoned() > 0) {
                    failures.add(producer.abandoned() + " submit(s) never acknowledged: writes did not come back");
                }
            }
            case LOSS_DETECTED -> {
                if (tally.lost().isEmpty()) {
                    failures.add("the negative control lost nothing: the check did not show that it can see a loss");
                }
            }
        }
        return failures;
    }
}
