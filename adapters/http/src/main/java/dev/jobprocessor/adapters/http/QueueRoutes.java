package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.QueueLimits;
import dev.jobprocessor.domain.Setting;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/SPEC.md §7.3, queue control: reading queues with their live counts, and changing their settings ({@code PATCH
 * /queues/{name}}, {@code POST /queues/{name}/pause} and {@code /resume}).
 */
final class QueueRoutes {

    /** Who changed a queue when authentication is off. */
    static final String ANONYMOUS = "anonymous";

    private final JobsApi api;

    QueueRoutes(JobsApi api) {
        this.api = api;
    }

    void list(Context ctx) {
        ctx.json(QueueView.QueuesView.from(api.listQueues().list()));
    }

    void get(Context ctx) {
        String name = name(ctx);
        ctx.json(QueueView.from(api.listQueues()
                .get(name)
                .orElseThrow(() -> new ApiError(ErrorCode.NOT_FOUND, "no queue is named '" + name + "'"))));
    }

    /**
     * Any of {@code paused} (true or false) and {@code concurrency_limit} (1..10 000, or null for none); fields left
     * out are left as they are. A queue that never had a job is created with the change.
     */
    void patch(Context ctx) {
        String name = name(ctx);
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        if (!body.isObject()) {
            throw new JobValidationException(List.of(new FieldProblem("body", "must be a JSON object")));
        }
        JsonFields fields = JsonFields.of(body, "", problems);
        Setting<Boolean> paused = Setting.keep();
        if (fields.isNull("paused")) {
            problems.add(new FieldProblem("paused", "must be true or false"));
        } else {
            Boolean value = fields.bool("paused");
            paused = value == null ? Setting.keep() : new Setting.To<>(value);
        }
        Setting<Integer> concurrencyLimit = Setting.keep();
        if (fields.isNull("concurrency_limit")) {
            concurrencyLimit = new Setting.Clear<>();
        } else {
            Integer value = fields.integer("concurrency_limit");
            if (value != null && (value < 1 || value > QueueLimits.MAX_CONCURRENCY_LIMIT)) {
                problems.add(new FieldProblem(
                        "concurrency_limit",
                        "must be between 1 and " + QueueLimits.MAX_CONCURRENCY_LIMIT + ", or null for no limit"));
            } else if (value != null) {
                concurrencyLimit = new Setting.To<>(value);
            }
        }
        fields.rejectUnknown();
        if (body.isEmpty()) {
            problems.add(new FieldProblem("body", "names no setting; send paused and/or concurrency_limit"));
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        change(ctx, name, new QueueChange(paused, concurrencyLimit));
    }

    void pause(Context ctx) {
        String name = name(ctx);
        JsonBodies.readNothing(ctx);
        change(ctx, name, QueueChange.PAUSE);
    }

    void resume(Context ctx) {
        String name = name(ctx);
        JsonBodies.readNothing(ctx);
        change(ctx, name, QueueChange.RESUME);
    }

    private void change(Context ctx, String name, QueueChange change) {
        String actor = HttpApi.tokenName(ctx);
        ctx.json(QueueView.from(api.configureQueue().change(name, change, actor == null ? ANONYMOUS : actor)));
    }

    /** The path's queue name, checked as a job's queue is (docs/SPEC.md §3). */
    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!JobLimits.QUEUE_PATTERN.matcher(name).matches()) {
            throw new JobValidationException(List.of(new FieldProblem(
                    "name",
                    "must be 1 to 64 characters: lowercase letters, digits, '_' and '-', starting with a letter or"
                            + " digit")));
        }
        return name;
    }
}
