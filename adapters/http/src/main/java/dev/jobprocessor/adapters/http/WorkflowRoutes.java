package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.WorkflowReport;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.workflow.WorkflowId;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** docs/SPEC.md §7.6: submit a workflow (a named graph of jobs), read it, cancel or retry the whole of it. */
final class WorkflowRoutes {

    private final ManageWorkflows workflows;

    WorkflowRoutes(JobsApi api) {
        this.workflows = api.workflows();
    }

    /** {@code {"name": …, "jobs": [job, …]}}, each job as in a batch, linked by {@code ref} and {@code depends_on}. */
    void submit(Context ctx) {
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        String name = fields.string("name");
        fields.require("name", name);
        List<JobRequest> requests = JobRoutes.jobRequests(fields, problems);
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        WorkflowReport submitted = workflows.submit(name, requests, HttpApi.tokenName(ctx));
        ctx.header("Location", "/workflows/" + submitted.graph().workflow().id());
        ctx.status(201).json(WorkflowView.from(submitted));
    }

    void get(Context ctx) {
        ctx.json(WorkflowView.from(workflows.get(workflowId(ctx))));
    }

    /** 200 with the workflow afterwards: its running jobs may still be finishing their attempts, asked to stop. */
    void cancel(Context ctx) {
        WorkflowId id = workflowId(ctx);
        JsonBodies.readNothing(ctx);
        ctx.json(WorkflowView.from(workflows.cancel(id)));
    }

    void retry(Context ctx) {
        WorkflowId id = workflowId(ctx);
        JsonBodies.readNothing(ctx);
        ctx.json(WorkflowView.from(workflows.retry(id)));
    }

    /** The workflow id in the path; one that is not a UUID names no workflow, so it is a 404 like any unknown id. */
    private static WorkflowId workflowId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return WorkflowId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no workflow has the id '" + Strings.shorten(text) + "'");
        }
    }
}
