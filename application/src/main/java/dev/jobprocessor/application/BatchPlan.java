package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.TraceParent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The jobs of one multi-job submit (a batch or a workflow), checked and put in the order a store takes them: every
 * request validated, problems reported for all jobs at once as {@code jobs[i].field}, no idempotency key or ref
 * repeated, the refs they depend on resolved and free of cycles, parents before their children.
 */
final class BatchPlan {

    private final List<JobGraph.Resolved> resolved;
    private final List<Integer> order;

    private BatchPlan(List<JobGraph.Resolved> resolved, List<Integer> order) {
        this.resolved = resolved;
        this.order = order;
    }

    /**
     * Checks {@code requests} (between 1 and {@link SubmitJob#MAX_BATCH_SIZE}); throws a {@link JobValidationException}
     * with every problem found, {@code extraProblems} included (a caller's own rules over the valid jobs).
     */
    static BatchPlan of(List<JobRequest> requests, Instant now, RandomGenerator random, ExtraRules extraRules) {
        List<FieldProblem> problems = new ArrayList<>();
        if (requests.isEmpty() || requests.size() > SubmitJob.MAX_BATCH_SIZE) {
            problems.add(new FieldProblem("jobs", "must hold between 1 and " + SubmitJob.MAX_BATCH_SIZE + " jobs"));
            throw new JobValidationException(problems);
        }
        List<NewJob> specs = new ArrayList<>(requests.size());
        Map<String, Integer> firstIndexOfKey = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = prefix(i);
            try {
                NewJob spec = requests.get(i).validate();
                specs.add(spec);
                extraRules.check(spec, prefix, problems);
                if (spec.idempotencyKey() != null) {
                    Integer first = firstIndexOfKey.putIfAbsent(spec.idempotencyKey(), i);
                    if (first != null) {
                        problems.add(new FieldProblem(
                                prefix + "idempotency_key", "repeats the key of jobs[" + first + "] in this batch"));
                    }
                }
            } catch (JobValidationException invalid) {
                invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
            }
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        List<JobId> ids = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            ids.add(JobId.newId(now, random));
        }
        List<JobGraph.Resolved> resolved = JobGraph.resolve(specs, ids, BatchPlan::prefix, problems);
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return new BatchPlan(resolved, JobGraph.parentsFirst(resolved));
    }

    /** A caller's rules for each valid job of the submit, beyond those every batch has. */
    @FunctionalInterface
    interface ExtraRules {

        ExtraRules NONE = (spec, prefix, problems) -> {};

        /** Adds to {@code problems} what is wrong with {@code spec}, its fields named with {@code prefix} in front. */
        void check(NewJob spec, String prefix, List<FieldProblem> problems);

        /** These rules, then {@code more}. */
        default ExtraRules and(ExtraRules more) {
            return (spec, prefix, problems) -> {
                check(spec, prefix, problems);
                more.check(spec, prefix, problems);
            };
        }
    }

    /** The new jobs, parents first, as the store takes them, each given its queue's defaults by {@code policy}. */
    List<Submission> submissions(Instant now, String createdBy, TraceParent traceParent, CallbackPolicy policy) {
        return order.stream()
                .map(i -> resolved.get(i).submission(now, createdBy, traceParent, policy::withQueueDefault))
                .toList();
    }

    /** What the store answered for {@link #submissions} (in that order), put back in the order of the requests. */
    List<Enqueued> inRequestOrder(List<Enqueued> stored) {
        Enqueued[] inRequestOrder = new Enqueued[stored.size()];
        for (int k = 0; k < order.size(); k++) {
            inRequestOrder[order.get(k)] = stored.get(k);
        }
        return List.of(inRequestOrder);
    }

    private static String prefix(int index) {
        return "jobs[" + index + "].";
    }
}
