package dev.jobprocessor.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a submitted job sits in a graph of jobs (docs/WORKFLOWS.md), as the client sent it: its own name inside a batch
 * ({@code ref}), the jobs it depends on ({@code dependsOn}: job ids, or refs of other jobs of the same batch) and what
 * it does when one of them ends without completing ({@code onFailure}, a {@link DependencyPolicy} wire name). Any field
 * may be {@code null}.
 */
public record DependencyRequest(String ref, List<String> dependsOn, String onFailure) {

    private static final Pattern JOB_ID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    public DependencyRequest {
        // A list with a null element stays as sent, so validation can name it.
        dependsOn = dependsOn == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(dependsOn));
    }

    /** Whether {@code text} names a job by its id rather than by a ref of the batch. */
    public static boolean isJobId(String text) {
        return JOB_ID_SHAPE.matcher(text).matches();
    }

    /** The policy named, the default ({@link DependencyPolicy#CANCEL}) when none is; problems are added to {@code problems}. */
    DependencyPolicy validate(List<FieldProblem> problems) {
        if (ref != null && (!JobLimits.REF_PATTERN.matcher(ref).matches() || isJobId(ref))) {
            problems.add(new FieldProblem(
                    "ref",
                    "must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':', '-' (pattern "
                            + JobLimits.REF_PATTERN.pattern() + "), and not look like a job id"));
        }
        if (dependsOn != null) {
            if (dependsOn.size() > JobLimits.MAX_DEPENDENCIES) {
                problems.add(
                        new FieldProblem("depends_on", "must name at most " + JobLimits.MAX_DEPENDENCIES + " jobs"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < dependsOn.size(); i++) {
                String parent = dependsOn.get(i);
                String field = "depends_on[" + i + "]";
                if (parent == null
                        || !(isJobId(parent)
                                || JobLimits.REF_PATTERN.matcher(parent).matches())) {
                    problems.add(new FieldProblem(field, "must be a job id or the ref of a job in the same batch"));
                } else if (!seen.add(parent.toLowerCase(java.util.Locale.ROOT))) {
                    problems.add(new FieldProblem(field, "names the same job twice"));
                }
            }
        }
        if (onFailure == null) {
            return DependencyPolicy.CANCEL;
        }
        try {
            DependencyPolicy policy = DependencyPolicy.fromWireName(onFailure);
            if (dependsOn == null || dependsOn.isEmpty()) {
                problems.add(new FieldProblem("on_dependency_failure", "applies only to a job with depends_on"));
            }
            return policy;
        } catch (IllegalArgumentException unknown) {
            problems.add(new FieldProblem("on_dependency_failure", "must be one of cancel, run, wait"));
            return DependencyPolicy.CANCEL;
        }
    }
}
