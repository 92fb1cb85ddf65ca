package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What happened to one job of a batch call of the worker protocol (docs/SPEC.md §7.3): the status its single-job call
 * would have answered, and the job ({@code 200}) or the error's code ({@code not_found}, {@code lease_lost}).
 */
public record LeaseResult(String id, int status, Optional<Job> job, Optional<String> errorCode) {

    public boolean succeeded() {
        return status == 200;
    }

    /** True when the lease is no longer this worker's: drop the attempt and its result. */
    public boolean leaseLost() {
        return status == 409 || status == 404;
    }

    /** True when an operator asked the job to stop (a heartbeat's answer): stop the attempt and report it. */
    public boolean cancelRequested() {
        return job.map(found -> found.json().path("cancel_requested").asBoolean(false))
                .orElse(false);
    }

    static LeaseResult from(JsonNode json) {
        JsonNode job = json.get("job");
        JsonNode code = json.path("error").get("code");
        return new LeaseResult(
                json.path("id").asText(),
                json.path("status").asInt(),
                job == null || job.isNull() ? Optional.empty() : Optional.of(Job.from(job)),
                code == null ? Optional.empty() : Optional.of(code.asText()));
    }
}
