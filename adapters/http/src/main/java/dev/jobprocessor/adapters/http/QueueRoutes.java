package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.QueueLimits;
import dev.jobprocessor.domain.RateLimit;
import dev.jobprocessor.domain.Retention;
import dev.jobprocessor.domain.Setting;
import dev.jobprocessor.domain.WebhookSecret;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
     * Any of {@code paused} (true or false), {@code concurrency_limit} and {@code key_limit} (1..10 000, or null for
     * none), {@code rate_limit} (see {@link #rateLimit}), {@code retention} (see {@link #retention}), and the webhook
     * defaults {@code callback_url} and {@code webhook_secret} (a string, or null for none; the secret is never
     * shown, docs/WEBHOOKS.md); fields left out are left as they are. A queue that never had a job is created with the
     * change.
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
        Setting<Integer> concurrencyLimit =
                limit(fields, "concurrency_limit", QueueLimits.MAX_CONCURRENCY_LIMIT, problems);
        Setting<RateLimit> rateLimit = rateLimit(fields, problems);
        Setting<Integer> keyLimit = limit(fields, "key_limit", QueueLimits.MAX_KEY_LIMIT, problems);
        Map<JobState, Setting<Duration>> retention = retention(fields, problems);
        Setting<CallbackUrl> callbackUrl = text(fields, "callback_url", CallbackUrl::parse, problems);
        Setting<WebhookSecret> webhookSecret = text(fields, "webhook_secret", WebhookSecret::parse, problems);
        fields.rejectUnknown();
        if (body.isEmpty()) {
            problems.add(new FieldProblem(
                    "body",
                    "names no setting; send paused, concurrency_limit, rate_limit, key_limit, retention, callback_url"
                            + " and/or webhook_secret"));
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        change(
                ctx,
                name,
                new QueueChange(paused, concurrencyLimit, rateLimit, keyLimit, retention, callbackUrl, webhookSecret));
    }

    /**
     * A text setting: absent keeps it, {@code null} removes it, a string is read by {@code parse}, whose message (never
     * the value: a secret must not come back in an error) names what is wrong.
     */
    private static <T> Setting<T> text(
            JsonFields fields, String name, Function<String, T> parse, List<FieldProblem> problems) {
        if (fields.isNull(name)) {
            return new Setting.Clear<>();
        }
        String value = fields.string(name);
        if (value == null) {
            return Setting.keep();
        }
        try {
            return new Setting.To<>(parse.apply(value));
        } catch (IllegalArgumentException invalid) {
            problems.add(new FieldProblem(name, invalid.getMessage()));
            return Setting.keep();
        }
    }

    /** A limit field: absent keeps it, {@code null} removes it, a whole number 1..{@code max} sets it. */
    private static Setting<Integer> limit(JsonFields fields, String name, int max, List<FieldProblem> problems) {
        if (fields.isNull(name)) {
            return new Setting.Clear<>();
        }
        Integer value = fields.integer(name);
        if (value == null) {
            return Setting.keep();
        }
        if (value < 1 || value > max) {
            problems.add(new FieldProblem(name, "must be between 1 and " + max + ", or null for no limit"));
            return Setting.keep();
        }
        return new Setting.To<>(value);
    }

    /**
     * {@code "rate_limit": {"jobs": 20, "per_seconds": 1}} (both required; jobs 1..10 000, per_seconds 1..86 400), or
     * {@code null} for no rate limit.
     */
    private static Setting<RateLimit> rateLimit(JsonFields fields, List<FieldProblem> problems) {
        if (fields.isNull("rate_limit")) {
            return new Setting.Clear<>();
        }
        JsonNode object = fields.object("rate_limit");
        if (object == null) {
            return Setting.keep();
        }
        int before = problems.size();
        JsonFields rate = JsonFields.of(object, "rate_limit.", problems);
        Integer jobs = rate.integer("jobs");
        Integer perSeconds = rate.integer("per_seconds");
        for (String field : List.of("jobs", "per_seconds")) {
            if (!object.hasNonNull(field) && object.isObject()) {
                problems.add(new FieldProblem("rate_limit." + field, "is required, a whole number"));
            }
        }
        rate.rejectUnknown();
        if (jobs != null && (jobs < 1 || jobs > QueueLimits.MAX_RATE_LIMIT_JOBS)) {
            problems.add(
                    new FieldProblem("rate_limit.jobs", "must be between 1 and " + QueueLimits.MAX_RATE_LIMIT_JOBS));
        }
        if (perSeconds != null && (perSeconds < 1 || perSeconds > QueueLimits.MAX_RATE_LIMIT_PERIOD_SECONDS)) {
            problems.add(new FieldProblem(
                    "rate_limit.per_seconds",
                    "must be between 1 and " + QueueLimits.MAX_RATE_LIMIT_PERIOD_SECONDS + " (one day)"));
        }
        return problems.size() > before || jobs == null || perSeconds == null
                ? Setting.keep()
                : new Setting.To<>(new RateLimit(jobs, perSeconds));
    }

    /**
     * {@code "retention": {"completed": "1h", "dead": null, …}}: per final state, a duration replaces the service's
     * setting for this queue ({@code "0"} keeps for ever), {@code null} goes back to the service's, and a state left
     * out is left as it is.
     */
    private static Map<JobState, Setting<Duration>> retention(JsonFields fields, List<FieldProblem> problems) {
        Map<JobState, Setting<Duration>> retention = new EnumMap<>(JobState.class);
        if (fields.isNull("retention")) {
            problems.add(new FieldProblem("retention", "must be an object of final states and durations"));
            return retention;
        }
        JsonNode object = fields.object("retention");
        if (object == null) {
            return retention;
        }
        JsonFields states = JsonFields.of(object, "retention.", problems);
        for (JobState state : Retention.FINAL_STATES) {
            String key = state.wireName();
            if (states.isNull(key)) {
                retention.put(state, new Setting.Clear<>());
                continue;
            }
            String text = states.string(key);
            if (text == null) {
                continue;
            }
            try {
                retention.put(state, new Setting.To<>(DurationText.parse(text)));
            } catch (IllegalArgumentException invalid) {
                problems.add(new FieldProblem("retention." + key, invalid.getMessage()));
            }
        }
        states.rejectUnknown();
        return retention;
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
