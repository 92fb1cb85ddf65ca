package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.port.Enqueued;
import dev.jobprocessor.application.port.ScheduleRepository.Saved;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.schedule.Schedule;
import dev.jobprocessor.domain.schedule.ScheduleRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/SCHEDULES.md, "API": creating ({@code POST /schedules}, {@code PUT /schedules/{name}}), reading, pausing
 * ({@code PATCH}), deleting and triggering schedules.
 */
final class ScheduleRoutes {

    private final JobsApi api;

    ScheduleRoutes(JobsApi api) {
        this.api = api;
    }

    void list(Context ctx) {
        ctx.json(ScheduleView.SchedulesView.from(api.schedules().list()));
    }

    void get(Context ctx) {
        Schedule schedule = api.schedules().get(name(ctx));
        ctx.json(ScheduleView.from(schedule, api.schedules().upcoming(schedule)));
    }

    /** 201 for a new schedule; 200 when the same definition exists; 409 {@code schedule_conflict} for another. */
    void create(Context ctx) {
        ScheduleRequest request = request(JsonBodies.read(ctx), true);
        saved(ctx, api.schedules().create(request));
    }

    /** Creates (201) or replaces (200) the schedule named in the path. */
    void put(Context ctx) {
        String name = name(ctx);
        ScheduleRequest request = request(JsonBodies.read(ctx), false);
        saved(ctx, api.schedules().put(name, request));
    }

    /** {@code {"paused": true}} pauses, {@code false} resumes; nothing else may change here (use PUT). */
    void patch(Context ctx) {
        String name = name(ctx);
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        Boolean paused = fields.bool("paused");
        if (paused == null && problems.isEmpty()) {
            problems.add(new FieldProblem("paused", "is required, true or false (other fields change with PUT)"));
        }
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        ctx.json(ScheduleView.from(api.schedules().setPaused(name, paused)));
    }

    void delete(Context ctx) {
        String name = name(ctx);
        JsonBodies.readNothing(ctx);
        api.schedules().delete(name);
        ctx.status(204);
    }

    /** One job now, outside the cadence: 201 with the job, as {@code POST /jobs} answers. */
    void trigger(Context ctx) {
        String name = name(ctx);
        JsonBodies.readNothing(ctx);
        Enqueued enqueued = api.schedules().trigger(name);
        ctx.header("Location", "/jobs/" + enqueued.job().id());
        ctx.status(enqueued.created() ? 201 : 200).json(JobView.from(enqueued));
    }

    private static void saved(Context ctx, Saved saved) {
        ctx.header("Location", "/schedules/" + saved.schedule().name());
        ctx.status(saved.created() ? 201 : 200).json(ScheduleView.from(saved.schedule()));
    }

    /** The body's fields, read; the use case checks them against the rules and reports every problem at once. */
    static ScheduleRequest request(JsonNode body, boolean nameRequired) {
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        String name = fields.string("name");
        if (nameRequired) {
            fields.require("name", name);
        }
        String cron = fields.string("cron");
        fields.require("cron", cron);
        JsonNode job = fields.object("job");
        fields.require("job", job);
        JobRequest template = job == null ? null : JobRoutes.jobFields(job, "job.", problems);
        ScheduleRequest request = new ScheduleRequest(
                name,
                cron,
                fields.string("timezone"),
                template,
                fields.string("misfire"),
                fields.string("overlap"),
                fields.string("catch_up_window"),
                fields.bool("paused"));
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return request;
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!ScheduleRequest.NAME_PATTERN.matcher(name).matches()) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no schedule is named '" + Strings.shorten(name) + "'");
        }
        return name;
    }
}
