package dev.jobprocessor.application;

import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.NewJob;
import dev.jobprocessor.domain.TraceParent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The jobs of one submit as a graph (docs/WORKFLOWS.md): each job's {@code depends_on} resolved to ids — a ref names
 * another job of the same submit, anything else is the id of a stored job — and the refs checked for repeats and
 * cycles, so that a graph that could never run is refused before anything is stored. Whether the ids of stored jobs
 * exist is the store's to check, in the transaction that inserts the jobs.
 */
final class JobGraph {

    /** A job of the submit with its id and the ids of its parents, in the order the client named them. */
    record Resolved(JobId id, NewJob spec, List<JobId> parents, List<Integer> parentsInSubmit) {

        /**
         * The new job, created at {@code now} by {@code createdBy} in the trace {@code traceParent} names (or none), as
         * the store takes it: made from {@code withDefaults}
         * applied to the request (a queue's callback URL), while the fingerprint stays the request's, so a submit sent
         * again after a queue's default changed is still the same request.
         */
        Submission submission(
                Instant now, String createdBy, TraceParent traceParent, UnaryOperator<NewJob> withDefaults) {
            return new Submission(
                    Job.create(id, withDefaults.apply(spec), now, createdBy, traceParent), spec.fingerprint(), parents);
        }
    }

    private JobGraph() {}

    /**
     * {@code specs[i]} gets {@code ids[i]}; problems are added to {@code problems}, named with {@code field.apply(i)}
     * in front ({@code "jobs[3]."} in a batch).
     */
    static List<Resolved> resolve(
            List<NewJob> specs, List<JobId> ids, IntFunction<String> field, List<FieldProblem> problems) {
        Map<String, Integer> byRef = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            String ref = specs.get(i).ref();
            if (ref != null) {
                Integer first = byRef.putIfAbsent(ref, i);
                if (first != null) {
                    problems.add(new FieldProblem(
                            field.apply(i) + "ref", "repeats the ref of " + field.apply(first) + "ref"));
                }
            }
        }
        List<Resolved> resolved = new ArrayList<>(specs.size());
        List<List<Integer>> parentsInSubmit = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            NewJob spec = specs.get(i);
            List<JobId> parents = new ArrayList<>(spec.dependsOn().size());
            List<Integer> local = new ArrayList<>();
            for (int k = 0; k < spec.dependsOn().size(); k++) {
                String parent = spec.dependsOn().get(k);
                Integer index = byRef.get(parent);
                if (index != null) {
                    parents.add(ids.get(index));
                    local.add(index);
                } else if (DependencyRequest.isJobId(parent)) {
                    parents.add(JobId.parse(parent));
                } else {
                    problems.add(new FieldProblem(
                            field.apply(i) + "depends_on[" + k + "]",
                            "is neither a job id nor the ref of a job in the same batch"));
                }
            }
            resolved.add(new Resolved(ids.get(i), spec, parents, local));
            parentsInSubmit.add(local);
        }
        List<Integer> cycle = cycle(parentsInSubmit);
        if (!cycle.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (int index : cycle) {
                path.append(path.isEmpty() ? "" : " → ").append(specs.get(index).ref());
            }
            problems.add(new FieldProblem(
                    field.apply(cycle.getFirst()) + "depends_on",
                    "forms a cycle: " + path + " → "
                            + specs.get(cycle.getFirst()).ref()));
        }
        return resolved;
    }

    /**
     * The indexes of {@code jobs} with every job after the jobs of the submit it depends on (the order a store may
     * insert them in); the submit order where that holds already. The graph must have no cycle.
     */
    static List<Integer> parentsFirst(List<Resolved> jobs) {
        List<Integer> order = new ArrayList<>(jobs.size());
        boolean[] placed = new boolean[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            place(i, jobs, placed, order);
        }
        return order;
    }

    private static void place(int job, List<Resolved> jobs, boolean[] placed, List<Integer> order) {
        // Recursion depth is bounded by the longest chain in one submit (at most its 1 000 jobs).
        if (placed[job]) {
            return;
        }
        placed[job] = true;
        for (int parent : jobs.get(job).parentsInSubmit()) {
            place(parent, jobs, placed, order);
        }
        order.add(job);
    }

    /**
     * One cycle among the jobs of the submit (each an index; {@code parents[i]} are the indexes {@code i} depends on),
     * empty when there is none: a depth-first walk that meets a job still on its own path has closed a cycle.
     */
    private static List<Integer> cycle(List<List<Integer>> parents) {
        int n = parents.size();
        int[] mark = new int[n]; // 0 unvisited, 1 on the current path, 2 done
        for (int start = 0; start < n; start++) {
            if (mark[start] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>(); // {job, next parent to visit}
            Deque<Integer> path = new ArrayDeque<>();
            stack.push(new int[] {start, 0});
            path.addLast(start);
            mark[start] = 1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<Integer> next = parents.get(top[0]);
                if (top[1] == next.size()) {
                    mark[top[0]] = 2;
                    stack.pop();
                    path.removeLast();
                    continue;
                }
                int parent = next.get(top[1]++);
                if (mark[parent] == 1) {
                    List<Integer> onPath = new ArrayList<>(path);
                    return onPath.subList(onPath.indexOf(parent), onPath.size());
                }
                if (mark[parent] == 0) {
                    mark[parent] = 1;
                    stack.push(new int[] {parent, 0});
                    path.addLast(parent);
                }
            }
        }
        return List.of();
    }
}
