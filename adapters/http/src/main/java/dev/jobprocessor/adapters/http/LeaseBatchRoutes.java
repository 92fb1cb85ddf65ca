package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.Completion;
import dev.jobprocessor.application.FailureReport;
import dev.jobprocessor.application.JobNotFoundException;
import dev.jobprocessor.application.LeaseExtension;
import dev.jobprocessor.application.port.ChangeOutcome;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * docs/SPEC.md §7.3, batches for remote workers: one request completes, fails or extends many leased jobs, each
 * checked against its own lease token and answered with its own outcome, in the order sent. A worker that settles
 * its jobs one request at a time pays a round trip and a transaction per job; this pays one for the batch.
 */
final class LeaseBatchRoutes {

    static final int MAX_JOBS = 1_000;

    private final JobsApi api;

    LeaseBatchRoutes(JobsApi api) {
        this.api = api;
    }

    void complete(Context ctx) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Item> items = items(ctx, problems);
        List<Completion> completions = new ArrayList<>(items.size());
        for (Item item : items) {
            JsonNode result = item.fields().value("result");
            item.fields().rejectUnknown();
            Json stored = result == null ? Json.EMPTY_OBJECT : new Json(JsonBodies.canonical(result));
            completions.add(new Completion(item.id(), item.token(), stored));
        }
        refuse(problems);
        answer(ctx, items, traced("complete", () -> api.complete().completeAll(completions)));
    }

    void fail(Context ctx) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Item> items = items(ctx, problems);
        List<FailureReport> reports = new ArrayList<>(items.size());
        for (Item item : items) {
            Failure failure = WorkerRoutes.failure(item.fields(), item.prefix(), problems);
            item.fields().rejectUnknown();
            if (failure != null) { // without it the request is refused below
                reports.add(new FailureReport(item.id(), item.token(), failure));
            }
        }
        refuse(problems);
        answer(ctx, items, traced("fail", () -> api.fail().failAll(reports)));
    }

    void heartbeat(Context ctx) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Item> items = items(ctx, problems);
        List<LeaseExtension> extensions = new ArrayList<>(items.size());
        for (Item item : items) {
            Integer extendSeconds = item.fields().integer("extend_seconds");
            item.fields().rejectUnknown();
            Duration extension = extendSeconds == null ? api.defaultLease() : Duration.ofSeconds(extendSeconds);
            extensions.add(new LeaseExtension(item.id(), item.token(), extension));
        }
        refuse(problems);
        answer(ctx, items, api.heartbeat().extendAll(extensions));
    }

    /**
     * Hands leased jobs back unrun: pending again at once, their attempts not counted (a job with a cancel request
     * ends cancelled). For a remote worker that stops before it runs or finishes what it claimed.
     */
    void release(Context ctx) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Item> items = items(ctx, problems);
        Map<JobId, LeaseToken> leases = new LinkedHashMap<>();
        for (Item item : items) {
            item.fields().rejectUnknown();
            leases.put(item.id(), item.token());
        }
        refuse(problems);
        answer(ctx, items, traced("release", () -> api.release().releaseAll(leases)));
    }

    /** Runs a batch report; each job it changed gets the report as a step of its attempt, in its own trace. */
    private List<ChangeOutcome> traced(String step, Supplier<List<ChangeOutcome>> report) {
        return api.tracing()
                .step(
                        step,
                        report,
                        outcomes -> outcomes.stream()
                                .filter(ChangeOutcome.Applied.class::isInstance)
                                .map(outcome -> ((ChangeOutcome.Applied) outcome).before())
                                .toList());
    }

    /** One entry of {@code jobs}: the job it names, the lease token that proves the lease, and its other fields. */
    private record Item(String prefix, JobId id, LeaseToken token, JsonFields fields) {}

    /** The {@code jobs} array: each with an id (a job id, at most once per request) and a lease token. */
    private static List<Item> items(Context ctx, List<FieldProblem> problems) {
        JsonFields body = JsonFields.of(JsonBodies.read(ctx), "", problems);
        List<JsonNode> jobs = body.array("jobs");
        body.require("jobs", jobs);
        body.rejectUnknown();
        if (jobs == null) {
            refuse(problems);
            return List.of();
        }
        if (jobs.isEmpty() || jobs.size() > MAX_JOBS) {
            problems.add(new FieldProblem("jobs", "must hold between 1 and " + MAX_JOBS + " jobs"));
            refuse(problems);
        }
        List<Item> items = new ArrayList<>(jobs.size());
        Map<JobId, Integer> seen = new HashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            String prefix = "jobs[" + i + "].";
            JsonFields fields = JsonFields.of(jobs.get(i), prefix, problems);
            String idText = fields.string("id");
            fields.require("id", idText);
            JobId id = null;
            if (idText != null) {
                try {
                    id = JobId.parse(idText);
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem(prefix + "id", "must be a job id (a UUID)"));
                }
            }
            if (id != null) {
                Integer earlier = seen.putIfAbsent(id, i);
                if (earlier != null) {
                    problems.add(new FieldProblem(prefix + "id", "names the same job as jobs[" + earlier + "]"));
                }
            }
            String token = fields.string("lease_token");
            fields.require("lease_token", token);
            items.add(new Item(prefix, id, token == null || token.isBlank() ? null : new LeaseToken(token), fields));
        }
        return items;
    }

    private static void refuse(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
    }

    private static void answer(Context ctx, List<Item> items, List<ChangeOutcome> outcomes) {
        Map<JobId, ChangeOutcome> byId = new HashMap<>();
        for (ChangeOutcome outcome : outcomes) {
            byId.put(outcome.id(), outcome);
        }
        ctx.json(new ResultsView(
                items.stream().map(item -> ItemView.of(byId.get(item.id()))).toList()));
    }

    /** The answer: one entry per job sent, in the same order. */
    record ResultsView(List<ItemView> results) {}

    /**
     * What happened to one job: the status the single-job route would have answered, and the job (2xx) or the error
     * ({@code code} and {@code message}, as in the envelope of docs/SPEC.md §6).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemView(String id, int status, JobView job, ItemError error) {

        static ItemView of(ChangeOutcome outcome) {
            return switch (outcome) {
                case ChangeOutcome.Applied applied ->
                    new ItemView(applied.id().toString(), 200, JobView.from(applied.after()), null);
                case ChangeOutcome.Rejected rejected -> {
                    ErrorCode code = HttpApi.codeOf(rejected.reason());
                    yield new ItemView(
                            rejected.id().toString(),
                            code.status(),
                            null,
                            new ItemError(code.wireName(), rejected.reason().getMessage()));
                }
                case ChangeOutcome.Missing missing ->
                    new ItemView(
                            missing.id().toString(),
                            ErrorCode.NOT_FOUND.status(),
                            null,
                            new ItemError(
                                    ErrorCode.NOT_FOUND.wireName(),
                                    new JobNotFoundException(missing.id()).getMessage()));
            };
        }
    }

    record ItemError(String code, String message) {}
}
