package dev.jobprocessor.application;

import dev.jobprocessor.domain.FieldProblem;
import java.time.Duration;
import java.util.List;

/** The range a lease (or a heartbeat's extension) may span: long enough to be useful, short enough to recover. */
final class LeaseBounds {

    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofHours(24);

    private LeaseBounds() {}

    static void check(List<FieldProblem> problems, String field, Duration lease) {
        if (lease == null || lease.compareTo(MIN) < 0 || lease.compareTo(MAX) > 0) {
            problems.add(new FieldProblem(
                    field, "must be between " + MIN.toSeconds() + " and " + MAX.toSeconds() + " seconds"));
        }
    }
}
