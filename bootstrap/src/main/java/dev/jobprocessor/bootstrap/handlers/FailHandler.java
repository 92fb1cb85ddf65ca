package dev.jobprocessor.bootstrap.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.port.HandlerResult;
import dev.jobprocessor.application.port.JobHandler;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.Json;

/**
 * {@code fail} with payload {@code {"times": N, "permanent": bool}}: fails its first N attempts, then succeeds with
 * {@code {}}. {@code times} defaults to "always" (every attempt fails), {@code permanent} to {@code false} (the
 * failures are retryable). So {@code {}} ends dead, {@code {"permanent": true}} ends failed after one attempt, and
 * {@code {"times": 1}} completes on its second attempt.
 */
public final class FailHandler implements JobHandler {

    @Override
    public HandlerResult handle(Job job) {
        JsonNode payload = Payloads.of(job);
        JsonNode times = payload.get("times");
        JsonNode permanent = payload.get("permanent");
        if ((times != null && (!times.isIntegralNumber() || !times.canConvertToInt() || times.intValue() < 0))
                || (permanent != null && !permanent.isBoolean())) {
            return HandlerResult.permanent(
                    "fail needs a payload {\"times\": N, \"permanent\": true|false} with N a whole number >= 0");
        }
        int failures = times == null ? Integer.MAX_VALUE : times.intValue();
        if (job.attempts() > failures) {
            return HandlerResult.success(Json.EMPTY_OBJECT);
        }
        String message = "fail handler: planned failure on attempt " + job.attempts()
                + (failures == Integer.MAX_VALUE ? "" : " of " + failures);
        return permanent != null && permanent.booleanValue()
                ? HandlerResult.permanent(message)
                : HandlerResult.retry(message);
    }
}
