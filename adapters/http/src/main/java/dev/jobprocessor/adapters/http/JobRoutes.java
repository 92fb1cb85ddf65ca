package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.JobPage;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.domain.DependencyRequest;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.Step;
import dev.jobprocessor.domain.UniqueRequest;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** docs/SPEC.md §7.1: submit (one or a batch), read, list, cancel and retry jobs. */
final class JobRoutes {

    private static final Set<String> LIST_PARAMETERS = Set.of("state", "type", "queue", "limit", "cursor");

    private final JobsApi api;

    JobRoutes(JobsApi api) {
        this.api = api;
    }

    void submit(Context ctx) {
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JobRequest request = jobRequest(body, "", problems);
        String headerKey = ctx.header("Idempotency-Key");
        if (headerKey != null) {
            if (request.idempotencyKey() != null && !request.idempotencyKey().equals(headerKey)) {
                problems.add(new FieldProblem("idempotency_key", "differs from the Idempotency-Key header"));
            }
            request = request.withIdempotencyKey(headerKey);
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        Enqueued enqueued = api.submit().submit(request, HttpApi.tokenName(ctx));
        ctx.header("Location", "/jobs/" + enqueued.job().id());
        ctx.status(enqueued.created() ? 201 : 200).json(JobView.from(enqueued));
    }

    void submitBatch(Context ctx) {
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        List<JobRequest> requests = jobRequests(fields, problems);
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        List<Enqueued> enqueued = api.submit().submitAll(requests, HttpApi.tokenName(ctx));
        boolean anyCreated = enqueued.stream().anyMatch(Enqueued::created);
        ctx.status(anyCreated ? 201 : 200)
                .json(new BatchView(enqueued.stream().map(JobView::from).toList()));
    }

    void get(Context ctx) {
        JobId id = jobId(ctx);
        Job job = api.get().get(id);
        JobView view = JobView.from(job);
        // The parents and the deliveries each cost a query, so only a job that has them asks for them.
        if (job.dependencies() != null) {
            view = view.withDependencies(api.get().dependencies(id));
        }
        if (job.callbackUrl() != null) {
            view = view.withWebhooks(api.get().webhooks(id));
        }
        ctx.json(view);
    }

    void list(Context ctx) {
        Map<String, List<String>> parameters = ctx.queryParamMap();
        List<FieldProblem> problems = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!LIST_PARAMETERS.contains(name)) {
                problems.add(new FieldProblem(name, "is not a known query parameter"));
            } else if (values.size() > 1) {
                problems.add(new FieldProblem(name, "must be given at most once"));
            }
        });
        JobState state = null;
        String stateText = ctx.queryParam("state");
        if (stateText != null) {
            try {
                state = JobState.fromWireName(stateText);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(
                        "state", "must be one of pending, running, completed, failed, dead, cancelled"));
            }
        }
        String type = ctx.queryParam("type");
        if (type != null && !JobLimits.TYPE_PATTERN.matcher(type).matches()) {
            problems.add(new FieldProblem("type", "must match " + JobLimits.TYPE_PATTERN.pattern()));
        }
        String queue = ctx.queryParam("queue");
        if (queue != null && !JobLimits.QUEUE_PATTERN.matcher(queue).matches()) {
            problems.add(new FieldProblem("queue", "must match " + JobLimits.QUEUE_PATTERN.pattern()));
        }
        int limit = dev.jobprocessor.application.ListJobs.DEFAULT_LIMIT;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > dev.jobprocessor.application.ListJobs.MAX_LIMIT) {
                problems.add(new FieldProblem(
                        "limit",
                        "must be a whole number between 1 and " + dev.jobprocessor.application.ListJobs.MAX_LIMIT));
            }
        }
        JobId cursor = null;
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            cursor = decodeCursor(cursorText);
            if (cursor == null) {
                problems.add(new FieldProblem("cursor", "is not a cursor this API returned"));
            }
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        JobPage page = api.list().list(new JobQuery(state, type, queue, limit, cursor));
        ctx.json(new JobsView(
                page.jobs().stream().map(JobView::from).toList(),
                page.nextCursor() == null ? null : encodeCursor(page.nextCursor())));
    }

    /**
     * 200 when the job is cancelled now (it was pending); 202 when it is running and only asked to stop: it ends
     * cancelled when its attempt ends (docs/QUEUE_CONTROL.md). Told apart by the transition the store made, not by
     * the state read before, which a claim may have changed meanwhile.
     */
    void cancel(Context ctx) {
        JobId id = jobId(ctx);
        JsonBodies.readNothing(ctx);
        Step step = api.cancel().cancel(id);
        int status = switch (step.transition()) {
            case REQUEST_CANCEL, REQUEST_CANCEL_REPEATED -> 202;
            default -> 200;
        };
        ctx.status(status).json(JobView.from(step.job()));
    }

    void retry(Context ctx) {
        JobId id = jobId(ctx);
        JsonBodies.readNothing(ctx);
        ctx.json(JobView.from(api.retry().retry(id)));
    }

    /** The job id in the path; one that is not a UUID names no job, so it is a 404 like any unknown id. */
    static JobId jobId(Context ctx) {
        String text = ctx.pathParam("id");
        try {
            return JobId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no job has the id '" + Strings.shorten(text) + "'");
        }
    }

    /** The required {@code jobs} array of a batch or a workflow, each job read and checked as {@code jobs[i]}. */
    static List<JobRequest> jobRequests(JsonFields fields, List<FieldProblem> problems) {
        List<JsonNode> jobs = fields.array("jobs");
        fields.require("jobs", jobs);
        List<JobRequest> requests = new ArrayList<>();
        if (jobs != null) {
            for (int i = 0; i < jobs.size(); i++) {
                requests.add(jobRequest(jobs.get(i), "jobs[" + i + "].", problems));
            }
        }
        return requests;
    }

    private static JobRequest jobRequest(JsonNode node, String prefix, List<FieldProblem> problems) {
        JobRequest request = jobFields(node, prefix, problems);
        if (!problems.isEmpty() || request.type() == null) {
            return request;
        }
        try {
            request.validate();
        } catch (JobValidationException invalid) {
            invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
        }
        return request;
    }

    /** The fields of a job as sent, read but not checked against the rules of SPEC §3 (the caller does that). */
    static JobRequest jobFields(JsonNode node, String prefix, List<FieldProblem> problems) {
        JsonFields fields = JsonFields.of(node, prefix, problems);
        String type = fields.string("type");
        fields.require("type", type);
        JsonNode payload = fields.object("payload");
        JobRequest request = new JobRequest(
                type,
                fields.string("queue"),
                payload == null ? null : new Json(JsonBodies.canonical(payload)),
                fields.integer("priority"),
                fields.timestamp("run_at"),
                fields.integer("max_attempts"),
                fields.integer("timeout_seconds"),
                fields.string("idempotency_key"),
                fields.string("concurrency_key"),
                unique(fields, prefix, problems),
                graph(fields),
                fields.string("callback_url"));
        fields.rejectUnknown();
        return request;
    }

    /**
     * {@code "unique": {"by": [...], "period_seconds": P, "states": [...]}}, every part optional; {@code {}} is unique by
     * every field while pending or running (docs/UNIQUE_JOBS.md).
     */
    private static UniqueRequest unique(JsonFields fields, String prefix, List<FieldProblem> problems) {
        JsonNode object = fields.object("unique");
        if (object == null) {
            return null;
        }
        JsonFields unique = JsonFields.of(object, prefix + "unique.", problems);
        UniqueRequest request =
                new UniqueRequest(unique.strings("by"), unique.integer("period_seconds"), unique.strings("states"));
        unique.rejectUnknown();
        return request;
    }

    /** {@code ref}, {@code depends_on} and {@code on_dependency_failure} (docs/WORKFLOWS.md); {@code null} if none is sent. */
    private static DependencyRequest graph(JsonFields fields) {
        String ref = fields.string("ref");
        List<String> dependsOn = fields.strings("depends_on");
        String onFailure = fields.string("on_dependency_failure");
        return ref == null && dependsOn == null && onFailure == null
                ? null
                : new DependencyRequest(ref, dependsOn, onFailure);
    }

    /** Cursors are opaque to clients: the last id of a page, base64url-encoded. */
    static String encodeCursor(JobId id) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(id.value().getMostSignificantBits()).putLong(id.value().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static JobId decodeCursor(String text) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            if (bytes.length != 16) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new JobId(new UUID(buffer.getLong(), buffer.getLong()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
