package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.batch.BatchCallback;
import dev.jobprocessor.domain.batch.BatchId;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** docs/SPEC.md §7.7: submit a batch with callbacks, and read it. */
final class BatchRoutes {

    private final ManageBatches batches;

    BatchRoutes(JobsApi api) {
        this.batches = api.batches();
    }

    /**
     * {@code {"name": …, "jobs": [job, …], "on_success": job, "on_finish": job, "on_dead": job}}: the jobs as in a
     * batch, every other field optional.
     */
    void submit(Context ctx) {
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        String name = fields.string("name");
        List<JobRequest> requests = JobRoutes.jobRequests(fields, problems);
        Map<BatchCallback, JobRequest> callbacks = new EnumMap<>(BatchCallback.class);
        for (BatchCallback callback : BatchCallback.values()) {
            JsonNode template = fields.object(callback.wireName());
            if (template != null) {
                callbacks.put(callback, JobRoutes.jobFields(template, callback.wireName() + ".", problems));
            }
        }
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        ManageBatches.Submitted submitted = batches.submit(name, requests, callbacks, HttpApi.tokenName(ctx));
        ctx.header("Location", "/batches/" + submitted.status().batch().id());
        ctx.status(201).json(BatchStatusView.from(submitted.status(), submitted.jobs()));
    }

    void get(Context ctx) {
        ctx.json(BatchStatusView.from(batches.get(batchId(ctx)), null));
    }

    /** The batch id in the path; one that is not a UUID names no batch, so it is a 404 like any unknown id. */
    private static BatchId batchId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return BatchId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no batch has the id '" + Strings.shorten(text) + "'");
        }
    }
}
