package dev.jobprocessor.adapters.postgres;

import static dev.jobprocessor.adapters.postgres.JobRows.utc;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOBS;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.JOB_DEPENDENCIES;
import static dev.jobprocessor.adapters.postgres.jooq.Tables.WORKFLOWS;

import dev.jobprocessor.adapters.postgres.jooq.tables.records.WorkflowsRecord;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.Submission;
import dev.jobprocessor.application.port.WorkflowGraph;
import dev.jobprocessor.application.port.WorkflowRepository;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.workflow.Workflow;
import dev.jobprocessor.domain.workflow.WorkflowId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Workflows in PostgreSQL (migration V14): a {@code workflows} row, and {@code jobs.workflow_id} on each of its jobs,
 * written in one transaction with the jobs themselves.
 */
public final class PostgresWorkflowRepository implements WorkflowRepository {

    private final DSLContext dsl;

    public PostgresWorkflowRepository(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public List<Enqueued> create(Workflow workflow, List<Submission> submissions) {
        return StoreErrors.translate(() -> dsl.transactionResult(tx -> {
            DSLContext ctx = tx.dsl();
            ctx.insertInto(WORKFLOWS)
                    .set(WORKFLOWS.ID, workflow.id().value())
                    .set(WORKFLOWS.NAME, workflow.name())
                    .set(WORKFLOWS.CREATED_AT, utc(workflow.createdAt()))
                    .set(WORKFLOWS.CREATED_BY, workflow.createdBy())
                    .execute();
            UUID id = workflow.id().value();
            List<Enqueued> enqueued = PostgresJobRepository.insertAll(ctx, submissions, row -> row.setWorkflowId(id));
            PostgresJobRepository.requireAllCreated(enqueued, "workflow " + workflow.id());
            PostgresJobRepository.notifyAtCommit(
                    ctx, enqueued.stream().map(e -> e.job().queue()).distinct().toList());
            return enqueued;
        }));
    }

    /**
     * Three reads, not one snapshot, and still consistent: the workflow row and the edges among its jobs never change
     * once written, and a job purged between the reads is left out of the edges with the job.
     */
    @Override
    public Optional<WorkflowGraph> findWorkflow(WorkflowId id) {
        return StoreErrors.translate(() -> {
            WorkflowsRecord row =
                    dsl.selectFrom(WORKFLOWS).where(WORKFLOWS.ID.eq(id.value())).fetchOne();
            if (row == null) {
                return Optional.empty();
            }
            List<Job> jobs = dsl.selectFrom(JOBS)
                    .where(JOBS.WORKFLOW_ID.eq(id.value()))
                    .orderBy(JOBS.ID)
                    .fetch(JobRows::toJob);
            if (jobs.isEmpty()) {
                return Optional.empty();
            }
            Set<UUID> members = new HashSet<>();
            jobs.forEach(job -> members.add(job.id().value()));
            List<WorkflowGraph.Edge> edges = new ArrayList<>();
            dsl.select(JOB_DEPENDENCIES.PARENT_ID, JOB_DEPENDENCIES.CHILD_ID)
                    .from(JOB_DEPENDENCIES)
                    .where(JOB_DEPENDENCIES.CHILD_ID.eq(DSL.any(members.toArray(UUID[]::new))))
                    .orderBy(JOB_DEPENDENCIES.CHILD_ID, JOB_DEPENDENCIES.POSITION)
                    .forEach(edge -> {
                        if (members.contains(edge.value1())) {
                            edges.add(new WorkflowGraph.Edge(new JobId(edge.value1()), new JobId(edge.value2())));
                        }
                    });
            Workflow workflow = new Workflow(
                    new WorkflowId(row.getId()),
                    row.getName(),
                    row.getCreatedAt().toInstant(),
                    row.getCreatedBy());
            return Optional.of(new WorkflowGraph(workflow, jobs, edges));
        });
    }
}
