package dev.jobprocessor.halab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Acknowledged jobs against the executions in the ledger.
 *
 * @param acknowledged how many jobs were acknowledged
 * @param lost the ids of acknowledged jobs that never ran, or that the service no longer knows (a job that ran on a
 *     primary whose commits were lost with it: its record, and with it its result, is gone)
 * @param duplicated the ids of acknowledged jobs that ran more than once, with how many times they ran
 * @param unacknowledged executions of jobs that no acknowledgement names (none are expected: the producer retries a
 *     submit until it is acknowledged)
 */
record Tally(int acknowledged, List<String> lost, Map<String, Integer> duplicated, int unacknowledged) {

    /** Counts, when the service still knows every acknowledged job. */
    static Tally of(List<Acknowledgement> acknowledgements, List<String> ledger) {
        return of(acknowledgements, ledger, Set.of());
    }

    /**
     * Counts; {@code unknownToTheService} are the acknowledged jobs the service answers {@code 404} for. A ledger line is {@code <job id> <attempt>}, one per execution ({@code LedgerHandler}); blank lines are
     * ignored.
     */
    static Tally of(List<Acknowledgement> acknowledgements, List<String> ledger, Set<String> unknownToTheService) {
        Map<String, Integer> executions = new HashMap<>();
        for (String line : ledger) {
            if (!line.isBlank()) {
                executions.merge(line.trim().split(" ")[0], 1, Integer::sum);
            }
        }
        Set<String> acknowledgedIds = new HashSet<>();
        List<String> lost = new ArrayList<>();
        Map<String, Integer> duplicated = new TreeMap<>();
        for (Acknowledgement acknowledgement : acknowledgements) {
            String id = acknowledgement.jobId();
            if (!acknowledgedIds.add(id)) {
                continue; // a key acknowledged twice names the same job: counted once
            }
            int runs = executions.getOrDefault(id, 0);
            if (runs == 0 || unknownToTheService.contains(id)) {
                lost.add(id);
            } else if (runs > 1) {
                duplicated.put(id, runs);
            }
        }
        int unacknowledged = executions.entrySet().stream()
                .filter(entry -> !acknowledgedIds.contains(entry.getKey()))
                .mapToInt(Map.Entry::getValue)
                .sum();
        return new Tally(acknowledgedIds.size(), List.copyOf(lost), Map.copyOf(duplicated), unacknowledged);
    }

    /** Whether every acknowledged job has run (perhaps more than once). */
    boolean allRan() {
        return lost.isEmpty();
    }
}
