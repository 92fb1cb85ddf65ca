package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.schedule.ScheduleRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A schedule written as JSON, in the shape {@code POST /schedules} takes, for those who read schedules from elsewhere
 * (the schedules file, docs/SCHEDULES.md): the same fields, the same unknown-field and type checks.
 */
public final class ScheduleJson {

    private ScheduleJson() {}

    /**
     * The schedule {@code node} describes, fields read but not yet checked against the rules ({@code ManageSchedules}
     * does that); a {@link JobValidationException} whose fields start with {@code prefix} when it is malformed.
     */
    public static ScheduleRequest read(JsonNode node, String prefix) {
        try {
            return ScheduleRoutes.request(node, true);
        } catch (JobValidationException invalid) {
            List<FieldProblem> problems = new ArrayList<>();
            invalid.problems().forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.problem())));
            throw new JobValidationException(problems);
        }
    }
}
