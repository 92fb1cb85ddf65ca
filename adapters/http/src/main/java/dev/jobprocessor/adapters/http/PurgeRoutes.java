package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.PurgeReport;
import dev.jobprocessor.application.port.PurgeOutcome;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Retention;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** docs/SPEC.md §7.1 and §7.2: deleting finished jobs, one ({@code DELETE /jobs/{id}}) or in bulk ({@code POST /admin/purge}). */
final class PurgeRoutes {

    private static final String FINAL_STATES =
            Retention.FINAL_STATES.stream().map(JobState::wireName).collect(Collectors.joining(", "));

    private final JobsApi api;

    PurgeRoutes(JobsApi api) {
        this.api = api;
    }

    /** 204 once the finished job is deleted; 404 for no such job; 409 for a pending or running one, left as it is. */
    void purgeOne(Context ctx) {
        JobId id = JobRoutes.jobId(ctx);
        JsonBodies.readNothing(ctx);
        switch (api.purgeJob().purge(id)) {
            case PurgeOutcome.Purged purged -> ctx.status(204);
            case PurgeOutcome.Missing missing ->
                throw new ApiError(ErrorCode.NOT_FOUND, "no job has the id '" + missing.id() + "'");
            case PurgeOutcome.NotFinished notFinished ->
                throw new ApiError(
                        ErrorCode.INVALID_TRANSITION,
                        "cannot purge job " + id + ": it is "
                                + notFinished.state().wireName() + "; only finished jobs (" + FINAL_STATES
                                + ") can be purged");
        }
    }

    /**
     * {@code {"state": …, "older_than": "7d", "dry_run": true}}: counts (the default, {@code dry_run} true) or deletes
     * the jobs of one final state that finished more than {@code older_than} ago. Deleting needs an explicit
     * {@code "dry_run": false}, so a mistyped request only ever counts.
     */
    void purgeMany(Context ctx) {
        JsonNode body = JsonBodies.read(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", problems);
        String stateText = fields.string("state");
        fields.require("state", stateText);
        String olderThanText = fields.string("older_than");
        fields.require("older_than", olderThanText);
        Boolean dryRun = fields.bool("dry_run");
        fields.rejectUnknown();
        JobState state = null;
        if (stateText != null) {
            state = Retention.FINAL_STATES.stream()
                    .filter(s -> s.wireName().equals(stateText))
                    .findFirst()
                    .orElse(null);
            if (state == null) {
                problems.add(new FieldProblem("state", "must be one of " + FINAL_STATES));
            }
        }
        Duration olderThan = null;
        if (olderThanText != null) {
            try {
                olderThan = DurationText.parse(olderThanText);
            } catch (IllegalArgumentException invalid) {
                problems.add(new FieldProblem("older_than", invalid.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        PurgeReport report = api.purgeJobs().purge(state, olderThan, dryRun == null || dryRun);
        ctx.json(PurgeView.from(report));
    }
}
