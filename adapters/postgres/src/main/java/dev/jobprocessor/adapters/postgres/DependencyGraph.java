package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.toJob;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOB_DEPENDENCIES;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord;
import dev.jobprocessor.application.port.Dependency;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.impl.DSL;

/**
 * The job graph in PostgreSQL (docs/WORKFLOWS.md): the {@code job_dependencies} rows, and telling waiting jobs that a
 * parent ended, in the transaction that ends it.
 *
 * <p>Locks, and why parents ending at the same moment cannot deadlock: a transaction first locks the jobs it acts on
 * (the parents it ends, in id order), then, one level of the graph at a time, the children waiting on them, each level
 * in id order in one statement. A waiting child is never among the jobs another transaction ends (only running and
 * pending jobs end by a worker or the reaper), so two transactions never hold each other's first locks, and on each
 * level they take the children they share in the same order. The one exception — an operator cancelling a waiting job
 * while a parent of it ends — can deadlock on a deep graph; PostgreSQL then rolls one back and the store reports it
 * unavailable, so the call is repeated (docs/WORKFLOWS.md).
 */
final class DependencyGraph {

    /** A job that has just ended, and when: its children learn of it with this time (or their own, if later). */
    record Ended(UUID id, JobState state, Instant at) {}

    private DependencyGraph() {}

    /**
     * Locks the stored jobs among {@code parents} in id order, marks them as having dependents (so that their end takes
     * the locking path), and returns their states; fails with a {@link JobValidationException} naming those that do
     * not exist. Locking them first keeps a parent from ending between this check and the commit of its new child.
     */
    static Map<UUID, JobState> lockParents(DSLContext ctx, Collection<UUID> parents) {
        if (parents.isEmpty()) {
            return Map.of();
        }
        UUID[] ids = new TreeSet<>(parents).toArray(new UUID[0]);
        Map<UUID, JobState> states = new HashMap<>();
        ctx.select(JOBS.ID, JOBS.STATE, JOBS.HAS_DEPENDENTS)
                .from(JOBS)
                .where(JOBS.ID.eq(DSL.any(ids)))
                .orderBy(JOBS.ID)
                .forNoKeyUpdate()
                .fetch()
                .forEach(row -> states.put(row.value1(), JobState.fromWireName(row.value2())));
        Set<JobId> unknown = new TreeSet<>();
        for (UUID id : ids) {
            if (!states.containsKey(id)) {
                unknown.add(new JobId(id));
            }
        }
        if (!unknown.isEmpty()) {
            throw new JobValidationException(
                    List.of(new FieldProblem("depends_on", "names jobs that do not exist: " + unknown)));
        }
        ctx.update(JOBS)
                .set(JOBS.HAS_DEPENDENTS, true)
                .where(JOBS.ID.eq(DSL.any(ids)))
                .and(JOBS.HAS_DEPENDENTS.isFalse())
                .execute();
        return states;
    }

    /** The edges of new children: {@code parents} per child id, in the order named, none met yet. */
    static void insertEdges(DSLContext ctx, Map<UUID, List<UUID>> parents) {
        List<UUID> children = new ArrayList<>();
        List<UUID> parentIds = new ArrayList<>();
        List<Short> positions = new ArrayList<>();
        parents.forEach((child, named) -> {
            for (int i = 0; i < named.size(); i++) {
                children.add(child);
                parentIds.add(named.get(i));
                positions.add((short) i);
            }
        });
        if (children.isEmpty()) {
            return;
        }
        ctx.insertInto(
                        JOB_DEPENDENCIES,
                        JOB_DEPENDENCIES.CHILD_ID,
                        JOB_DEPENDENCIES.PARENT_ID,
                        JOB_DEPENDENCIES.POSITION,
                        JOB_DEPENDENCIES.MET)
                .select(DSL.select(
                                DSL.field(DSL.name("e", "child_id"), UUID.class),
                                DSL.field(DSL.name("e", "parent_id"), UUID.class),
                                DSL.field(DSL.name("e", "position"), Short.class),
                                DSL.inline(false))
                        .from(DSL.table(
                                        "unnest({0}, {1}, {2})",
                                        DSL.val(children.toArray(new UUID[0])),
                                        DSL.val(parentIds.toArray(new UUID[0])),
                                        DSL.val(positions.toArray(new Short[0])))
                                .as("e", "child_id", "parent_id", "position")))
                .execute();
    }

    /**
     * Tells every job waiting on one of {@code ended} (each applies {@link Job#parentEnded}), and so on down the graph
     * for the children this ends in turn; notifies workers of the queues that got pending jobs. Returns the children
     * changed, as stored now. Safe to call again for a parent that ended earlier: its met rows are no longer found, and
     * its children that stayed waiting or cancelled do not change.
     */
    static Map<JobId, Job> settle(DSLContext ctx, List<Ended> ended, BatchMoves batchMoves) {
        Map<JobId, Job> changed = new LinkedHashMap<>();
        Set<String> released = new LinkedHashSet<>();
        List<Ended> round = ended;
        while (!round.isEmpty()) {
            Map<UUID, Ended> parents = new HashMap<>();
            round.forEach(parent -> parents.put(parent.id(), parent));
            UUID[] parentIds = parents.keySet().toArray(new UUID[0]);
            // Lock the children first, then read their open edges: a statement after the lock sees the edges a
            // concurrent parent's transaction marked met before it let go of a shared child.
            CommonTableExpression<Record1<UUID>> waitingOn = DSL.name("waiting_on")
                    .fields("child_id")
                    .as(DSL.selectDistinct(JOB_DEPENDENCIES.CHILD_ID)
                            .from(JOB_DEPENDENCIES)
                            .where(JOB_DEPENDENCIES.PARENT_ID.eq(DSL.any(parentIds)))
                            .and(JOB_DEPENDENCIES.MET.isFalse()));
            Map<UUID, JobsRecord> children = new LinkedHashMap<>();
            ctx.with(waitingOn)
                    .selectFrom(JOBS)
                    .where(JOBS.ID.in(
                            DSL.select(waitingOn.field("child_id", UUID.class)).from(waitingOn)))
                    .orderBy(JOBS.ID)
                    .forNoKeyUpdate()
                    .fetch()
                    .forEach(row -> children.put(row.getId(), row));
            if (children.isEmpty()) {
                break;
            }
            Map<UUID, Job> current = new HashMap<>();
            children.forEach((id, row) -> current.put(id, toJob(row)));
            List<UUID> metChildren = new ArrayList<>();
            List<UUID> metParents = new ArrayList<>();
            List<Ended> next = new ArrayList<>();
            ctx.select(JOB_DEPENDENCIES.CHILD_ID, JOB_DEPENDENCIES.PARENT_ID)
                    .from(JOB_DEPENDENCIES)
                    .where(JOB_DEPENDENCIES.PARENT_ID.eq(DSL.any(parentIds)))
                    .and(JOB_DEPENDENCIES.MET.isFalse())
                    .and(JOB_DEPENDENCIES.CHILD_ID.in(children.keySet()))
                    .orderBy(JOB_DEPENDENCIES.CHILD_ID, JOB_DEPENDENCIES.POSITION)
                    .fetch()
                    .forEach(edge -> {
                        UUID childId = edge.value1();
                        Ended parent = parents.get(edge.value2());
                        Job child = current.get(childId);
                        Instant at = parent.at().isAfter(child.updatedAt()) ? parent.at() : child.updatedAt();
                        Step step = child.parentEnded(parent.state(), at);
                        batchMoves.record(
                                children.get(childId).getBatchId(),
                                child.state(),
                                step.job().state(),
                                at);
                        current.put(childId, step.job());
                        if (step.transition().meetsParent()) {
                            metChildren.add(childId);
                            metParents.add(parent.id());
                        }
                        if (step.transition().endsJob() && children.get(childId).getHasDependents()) {
                            next.add(new Ended(childId, step.job().state(), at));
                        }
                        if (step.job().state() == JobState.PENDING) {
                            released.add(step.job().queue());
                        }
                    });
            List<Job> updated = new ArrayList<>();
            current.forEach((id, job) -> {
                if (!job.equals(toJob(children.get(id)))) {
                    updated.add(job);
                    changed.put(job.id(), job);
                }
            });
            if (!updated.isEmpty()
                    && PostgresJobRepository.updateAll(ctx, updated, null).size() != updated.size()) {
                throw new IllegalStateException("a locked waiting job was not updated; rolling back");
            }
            markMet(ctx, metChildren, metParents);
            round = next;
        }
        // Inside the transaction: PostgreSQL delivers it at commit, when the released jobs become visible.
        PostgresJobRepository.notifyAtCommit(ctx, released);
        return changed;
    }

    private static void markMet(DSLContext ctx, List<UUID> children, List<UUID> parents) {
        if (children.isEmpty()) {
            return;
        }
        ctx.update(JOB_DEPENDENCIES)
                .set(JOB_DEPENDENCIES.MET, true)
                .from(DSL.table(
                                "unnest({0}, {1})",
                                DSL.val(children.toArray(new UUID[0])), DSL.val(parents.toArray(new UUID[0])))
                        .as("m", "child_id", "parent_id"))
                .where(JOB_DEPENDENCIES.CHILD_ID.eq(DSL.field(DSL.name("m", "child_id"), UUID.class)))
                .and(JOB_DEPENDENCIES.PARENT_ID.eq(DSL.field(DSL.name("m", "parent_id"), UUID.class)))
                .execute();
    }

    /** The parents of {@code child} in the order named, with their state and result now ({@code null}: purged). */
    static List<Dependency> of(DSLContext ctx, JobId child) {
        return ctx.select(JOB_DEPENDENCIES.PARENT_ID, JOB_DEPENDENCIES.MET, JOBS.STATE, JOBS.RESULT)
                .from(JOB_DEPENDENCIES)
                .leftJoin(JOBS)
                .on(JOBS.ID.eq(JOB_DEPENDENCIES.PARENT_ID))
                .where(JOB_DEPENDENCIES.CHILD_ID.eq(child.value()))
                .orderBy(JOB_DEPENDENCIES.POSITION)
                .fetch(row -> new Dependency(
                        new JobId(row.value1()),
                        row.value3() == null ? null : JobState.fromWireName(row.value3()),
                        row.value4() == null ? null : new Json(row.value4().data()),
                        row.value2()));
    }
}
