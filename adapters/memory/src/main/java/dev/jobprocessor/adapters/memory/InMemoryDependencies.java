package dev.jobprocessor.adapters.memory;

import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The edges of the job graph (docs/WORKFLOWS.md) for {@link InMemoryJobRepository}, under its lock: each child's
 * parents in the order named, each marked met or not, and each parent's children.
 */
final class InMemoryDependencies {

    /** One parent of a child; {@code met} becomes true once, and stays. */
    private static final class Edge {
        private final JobId parent;
        private boolean met;

        private Edge(JobId parent, boolean met) {
            this.parent = parent;
            this.met = met;
        }
    }

    private final Map<JobId, List<Edge>> parentsByChild = new HashMap<>();
    private final Map<JobId, List<JobId>> childrenByParent = new HashMap<>();

    void add(JobId child, JobId parent, boolean met) {
        parentsByChild.computeIfAbsent(child, c -> new ArrayList<>()).add(new Edge(parent, met));
        childrenByParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(child);
    }

    /** The children of {@code parent} for which it is not met yet, in the order they were added. */
    List<JobId> unmetChildren(JobId parent) {
        return childrenByParent.getOrDefault(parent, List.of()).stream()
                .filter(child ->
                        parentsByChild.get(child).stream().anyMatch(edge -> edge.parent.equals(parent) && !edge.met))
                .toList();
    }

    /** The parents of {@code child}, in the order named; purged ones included. */
    List<JobId> parentsOf(JobId child) {
        return parentsByChild.getOrDefault(child, List.of()).stream()
                .map(edge -> edge.parent)
                .toList();
    }

    void markMet(JobId child, JobId parent) {
        for (Edge edge : parentsByChild.get(child)) {
            if (edge.parent.equals(parent)) {
                edge.met = true;
            }
        }
    }

    List<Dependency> of(JobId child, Function<JobId, Job> jobs) {
        return parentsByChild.getOrDefault(child, List.of()).stream()
                .map(edge -> {
                    Job parent = jobs.apply(edge.parent);
                    return parent == null
                            ? new Dependency(edge.parent, null, null, edge.met)
                            : new Dependency(edge.parent, parent.state(), parent.result(), edge.met);
                })
                .toList();
    }

    /** A purged child takes its edges with it; a purged parent's edges stay, so its children show it as purged. */
    void forget(JobId child) {
        List<Edge> edges = parentsByChild.remove(child);
        if (edges != null) {
            for (Edge edge : edges) {
                List<JobId> children = childrenByParent.get(edge.parent);
                children.remove(child);
                if (children.isEmpty()) {
                    childrenByParent.remove(edge.parent);
                }
            }
        }
    }
}
