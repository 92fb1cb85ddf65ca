package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The worker protocol (docs/SPEC.md §7.3), one call per method: lease jobs, extend leases, report outcomes, hand jobs
 * back. {@link dev.jobprocessor.client.worker.RemoteWorker} runs handlers on top of it; use it directly only to write
 * a worker loop of your own. The batch calls send at most 1000 jobs each and are repeated on {@code 503} or no answer
 * like reads: a repeated report is answered {@code lease_lost} or with the stored outcome, never applied twice.
 */
public final class Leases {

    /** The most jobs one batch call carries (the service refuses more). */
    public static final int MAX_BATCH = 1_000;

    private final JobsClient client;

    Leases(JobsClient client) {
        this.client = client;
    }

    /**
     * Claims up to {@code limit} (1..100) due jobs of {@code queues}, only of {@code types} unless that is empty, each
     * under a lease of {@code lease}; when none is due the service waits up to {@code wait} (0..30 s) for one. Sent
     * once: a claim whose answer was lost leaves its jobs leased to nobody until the lease ends.
     */
    public List<LeasedJob> lease(
            String workerId,
            Collection<String> queues,
            Collection<String> types,
            int limit,
            Duration lease,
            Duration wait) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("worker_id", workerId);
        queues.forEach(body.putArray("queues")::add);
        if (!types.isEmpty()) {
            types.forEach(body.putArray("types")::add);
        }
        body.put("limit", limit);
        body.put("lease_seconds", Math.max(1, lease.toSeconds()));
        body.put("wait_seconds", wait.toSeconds());
        List<LeasedJob> leased = new ArrayList<>();
        client.call("POST", "/leases", body, false, wait)
                .path("jobs")
                .forEach(json -> leased.add(LeasedJob.from(json)));
        return leased;
    }

    /** Extends each lease by {@code extension} (never past the attempt's time limit); answers carry cancel requests. */
    public List<LeaseResult> heartbeat(List<LeasedJob> jobs, Duration extension) {
        return batch(
                "/leases/heartbeat",
                jobs.stream()
                        .map(job -> entry(job).put("extend_seconds", extension.toSeconds()))
                        .toList());
    }

    /** Reports success: each {@link Completion} with the result stored with its job. */
    public List<LeaseResult> complete(List<Completion> completions) {
        return batch(
                "/leases/complete",
                completions.stream()
                        .map(completion -> entry(completion.job()).<ObjectNode>set("result", completion.result()))
                        .toList());
    }

    /** Reports failed attempts: retried after the backoff while attempts are left, unless not retryable. */
    public List<LeaseResult> fail(List<FailureReport> failures) {
        return batch(
                "/leases/fail",
                failures.stream()
                        .map(failure -> entry(failure.job())
                                .put("error", failure.error())
                                .put("retryable", failure.retryable()))
                        .toList());
    }

    /** Hands jobs back unrun: pending again at once, their attempts not counted. */
    public List<LeaseResult> release(List<LeasedJob> jobs) {
        return batch("/leases/release", jobs.stream().map(Leases::entry).toList());
    }

    /** Puts the job off for {@code delay} (1 s to 1 day) without counting the attempt. */
    public Job snooze(LeasedJob job, Duration delay) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("lease_token", job.leaseToken()).put("seconds", delay.toSeconds());
        return Job.from(client.call("POST", "/jobs/" + JobsClient.encode(job.id()) + "/snooze", body, false));
    }

    /** A success to report: the job and the result to store with it ({@code {}} when there is none). */
    public record Completion(LeasedJob job, JsonNode result) {
        public Completion {
            Objects.requireNonNull(job, "job");
            result = result == null || result.isNull() ? JsonNodeFactory.instance.objectNode() : result;
        }
    }

    /** A failed attempt to report: its message, and whether a later attempt may succeed. */
    public record FailureReport(LeasedJob job, String error, boolean retryable) {
        public FailureReport {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(error, "error");
            if (error.isBlank()) {
                throw new IllegalArgumentException("a failure needs a message");
            }
        }
    }

    private static ObjectNode entry(LeasedJob job) {
        return JsonNodeFactory.instance.objectNode().put("id", job.id()).put("lease_token", job.leaseToken());
    }

    private List<LeaseResult> batch(String path, List<ObjectNode> entries) {
        List<LeaseResult> results = new ArrayList<>(entries.size());
        for (int from = 0; from < entries.size(); from += MAX_BATCH) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putArray("jobs").addAll(entries.subList(from, Math.min(entries.size(), from + MAX_BATCH)));
            JsonNode answer = client.call("POST", path, body, true);
            answer.path("results").forEach(json -> results.add(LeaseResult.from(json)));
        }
        return results;
    }
}
