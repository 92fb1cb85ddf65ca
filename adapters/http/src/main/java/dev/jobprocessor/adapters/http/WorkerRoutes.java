package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.domain.Failure;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.LeaseToken;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * docs/SPEC.md §7.3, the protocol for remote workers: lease (with optional long poll), heartbeat, complete, fail and
 * snooze.
 */
final class WorkerRoutes {

    static final int MAX_WAIT_SECONDS = 30;
    static final int MAX_ERROR_LENGTH = 10_000;
    private static final Duration RECHECK = Duration.ofMillis(250);

    /** At most this many lease requests wait at once; more are answered without waiting. */
    static final int MAX_LONG_POLLS = 256;

    private final Semaphore longPolls = new Semaphore(MAX_LONG_POLLS);

    private final JobsApi api;

    WorkerRoutes(JobsApi api) {
        this.api = api;
    }

    void lease(Context ctx) throws InterruptedException {
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(JsonBodies.read(ctx), "", problems);
        String workerId = fields.string("worker_id");
        fields.require("worker_id", workerId);
        List<String> queues = fields.strings("queues");
        fields.require("queues", queues);
        List<String> types = fields.strings("types");
        Integer limit = fields.integer("limit");
        fields.require("limit", limit);
        Integer leaseSeconds = fields.integer("lease_seconds");
        Integer waitSeconds = fields.integer("wait_seconds");
        if (waitSeconds != null && (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS)) {
            problems.add(new FieldProblem("wait_seconds", "must be between 0 and " + MAX_WAIT_SECONDS));
        }
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        LeaseRequest request = new LeaseRequest(
                workerId,
                queues,
                types == null ? Set.of() : Set.copyOf(types),
                limit,
                leaseSeconds == null ? api.defaultLease() : Duration.ofSeconds(leaseSeconds));
        Duration wait = Duration.ofSeconds(waitSeconds == null ? 0 : waitSeconds);
        List<Job> jobs;
        if (wait.isZero()) {
            jobs = claim(request);
        } else if (longPolls.tryAcquire()) {
            try {
                jobs = leaseOrWait(request, wait);
            } finally {
                longPolls.release();
            }
        } else {
            // Every long-poll place is taken: answer at once, so waiting requests cannot pile up without bound.
            ctx.header("X-Long-Poll", "capacity-reached");
            jobs = claim(request);
        }
        ctx.json(new LeasesView(jobs.stream().map(LeasedJobView::from).toList()));
    }

    /** Claims due jobs now; each claimed job's trace gets the claim as a step of its attempt. */
    private List<Job> claim(LeaseRequest request) {
        return api.tracing().step("claim", () -> api.lease().lease(request), jobs -> jobs);
    }

    /** Claims at once; with nothing due, waits for an enqueue signal (re-checking regularly) until the deadline. */
    private List<Job> leaseOrWait(LeaseRequest request, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        EnqueueSignal signal = api.enqueueSignal();
        long seen = signal.generation();
        List<Job> jobs = claim(request);
        while (jobs.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return jobs;
            }
            signal.awaitAfter(seen, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
            seen = signal.generation();
            jobs = claim(request);
        }
        return jobs;
    }

    void heartbeat(Context ctx) {
        JobId id = JobRoutes.jobId(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(JsonBodies.read(ctx), "", problems);
        LeaseToken token = leaseToken(fields);
        Integer extendSeconds = fields.integer("extend_seconds");
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        Duration extension = extendSeconds == null ? api.defaultLease() : Duration.ofSeconds(extendSeconds);
        ctx.json(JobView.from(api.heartbeat().heartbeat(id, token, extension)));
    }

    void complete(Context ctx) {
        JobId id = JobRoutes.jobId(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(JsonBodies.read(ctx), "", problems);
        LeaseToken token = leaseToken(fields);
        JsonNode result = fields.value("result");
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        Json stored = result == null ? Json.EMPTY_OBJECT : new Json(JsonBodies.canonical(result));
        ctx.json(JobView.from(
                api.tracing().step("complete", () -> api.complete().complete(id, token, stored), List::of)));
    }

    void fail(Context ctx) {
        JobId id = JobRoutes.jobId(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(JsonBodies.read(ctx), "", problems);
        LeaseToken token = leaseToken(fields);
        Failure failure = failure(fields, "", problems);
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        ctx.json(JobView.from(api.tracing().step("fail", () -> api.fail().fail(id, token, failure), List::of)));
    }

    /**
     * A failure report's {@code error} (required, 1..{@value #MAX_ERROR_LENGTH} characters) and {@code retryable}
     * (default true), read from {@code fields} whose problems are named after {@code prefix}; null without an error.
     */
    static Failure failure(JsonFields fields, String prefix, List<FieldProblem> problems) {
        String error = fields.string("error");
        fields.require("error", error);
        if (error != null && (error.isBlank() || error.length() > MAX_ERROR_LENGTH)) {
            problems.add(
                    new FieldProblem(prefix + "error", "must be between 1 and " + MAX_ERROR_LENGTH + " characters"));
        }
        Boolean retryable = fields.bool("retryable");
        if (error == null) {
            return null;
        }
        return Boolean.FALSE.equals(retryable) ? Failure.permanent(error) : Failure.retryable(error);
    }

    /** Puts the job off for {@code seconds} without counting the attempt (docs/QUEUE_CONTROL.md, "Snooze"). */
    void snooze(Context ctx) {
        JobId id = JobRoutes.jobId(ctx);
        List<FieldProblem> problems = new ArrayList<>();
        JsonFields fields = JsonFields.of(JsonBodies.read(ctx), "", problems);
        LeaseToken token = leaseToken(fields);
        Integer seconds = fields.integer("seconds");
        fields.require("seconds", seconds);
        if (seconds != null && (seconds < JobLimits.MIN_SNOOZE_SECONDS || seconds > JobLimits.MAX_SNOOZE_SECONDS)) {
            problems.add(new FieldProblem(
                    "seconds",
                    "must be between " + JobLimits.MIN_SNOOZE_SECONDS + " and " + JobLimits.MAX_SNOOZE_SECONDS));
        }
        fields.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        ctx.json(JobView.from(api.tracing()
                .step("snooze", () -> api.snooze().snooze(id, token, Duration.ofSeconds(seconds)), List::of)));
    }

    private static LeaseToken leaseToken(JsonFields fields) {
        String token = fields.string("lease_token");
        fields.require("lease_token", token);
        return token == null || token.isBlank() ? null : new LeaseToken(token);
    }
}
