package dev.jobprocessor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to create a job, as a client sent it: any field may be missing ({@code null}) and none is checked yet.
 * {@link #validate()} applies the defaults of docs/SPEC.md §3 and reports every problem at once.
 */
public record JobRequest(
        String type,
        String queue,
        Json payload,
        Integer priority,
        Instant runAt,
        Integer maxAttempts,
        Integer timeoutSeconds,
        String idempotencyKey,
        String concurrencyKey,
        UniqueRequest unique,
        DependencyRequest graph,
        String callbackUrl) {

    /** A request outside any graph of jobs. */
    public JobRequest(
            String type,
            String queue,
            Json payload,
            Integer priority,
            Instant runAt,
            Integer maxAttempts,
            Integer timeoutSeconds,
            String idempotencyKey,
            String concurrencyKey,
            UniqueRequest unique) {
        this(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                null,
                null);
    }

    /** A request that is not unique. */
    public JobRequest(
            String type,
            String queue,
            Json payload,
            Integer priority,
            Instant runAt,
            Integer maxAttempts,
            Integer timeoutSeconds,
            String idempotencyKey,
            String concurrencyKey) {
        this(type, queue, payload, priority, runAt, maxAttempts, timeoutSeconds, idempotencyKey, concurrencyKey, null);
    }

    /** A request without a concurrency key. */
    public JobRequest(
            String type,
            String queue,
            Json payload,
            Integer priority,
            Instant runAt,
            Integer maxAttempts,
            Integer timeoutSeconds,
            String idempotencyKey) {
        this(type, queue, payload, priority, runAt, maxAttempts, timeoutSeconds, idempotencyKey, null);
    }

    /** A request with only a type: every other field takes its default. */
    public static JobRequest ofType(String type) {
        return new JobRequest(type, null, null, null, null, null, null, null);
    }

    public JobRequest withQueue(String newQueue) {
        return new JobRequest(
                type,
                newQueue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withPayload(Json newPayload) {
        return new JobRequest(
                type,
                queue,
                newPayload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withPriority(Integer newPriority) {
        return new JobRequest(
                type,
                queue,
                payload,
                newPriority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withRunAt(Instant newRunAt) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                newRunAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withMaxAttempts(Integer newMaxAttempts) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                newMaxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withTimeoutSeconds(Integer newTimeoutSeconds) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                newTimeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withIdempotencyKey(String newIdempotencyKey) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                newIdempotencyKey,
                concurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withConcurrencyKey(String newConcurrencyKey) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                newConcurrencyKey,
                unique,
                graph,
                callbackUrl);
    }

    public JobRequest withUnique(UniqueRequest newUnique) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                newUnique,
                graph,
                callbackUrl);
    }

    public JobRequest withGraph(DependencyRequest newGraph) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                newGraph,
                callbackUrl);
    }

    public JobRequest withCallbackUrl(String newCallbackUrl) {
        return new JobRequest(
                type,
                queue,
                payload,
                priority,
                runAt,
                maxAttempts,
                timeoutSeconds,
                idempotencyKey,
                concurrencyKey,
                unique,
                graph,
                newCallbackUrl);
    }

    /** The request with defaults applied, or a {@link JobValidationException} naming every bad field. */
    public NewJob validate() {
        List<FieldProblem> problems = new ArrayList<>();
        if (type == null) {
            problems.add(new FieldProblem("type", "is required"));
        } else if (!JobLimits.TYPE_PATTERN.matcher(type).matches()) {
            problems.add(new FieldProblem(
                    "type",
                    "must start with a lowercase letter, use only a-z, 0-9, '_', '.', '-', and be at most 100"
                            + " characters (pattern " + JobLimits.TYPE_PATTERN.pattern() + ")"));
        }
        if (queue != null && !JobLimits.QUEUE_PATTERN.matcher(queue).matches()) {
            problems.add(new FieldProblem(
                    "queue",
                    "must start with a lowercase letter or digit, use only a-z, 0-9, '_', '-', and be at most 64"
                            + " characters (pattern " + JobLimits.QUEUE_PATTERN.pattern() + ")"));
        }
        checkRange(problems, "priority", priority, JobLimits.MIN_PRIORITY, JobLimits.MAX_PRIORITY);
        checkRange(problems, "max_attempts", maxAttempts, JobLimits.MIN_MAX_ATTEMPTS, JobLimits.MAX_MAX_ATTEMPTS);
        checkRange(
                problems,
                "timeout_seconds",
                timeoutSeconds,
                JobLimits.MIN_TIMEOUT_SECONDS,
                JobLimits.MAX_TIMEOUT_SECONDS);
        if (idempotencyKey != null) {
            checkIdempotencyKey(problems, idempotencyKey);
        }
        if (concurrencyKey != null
                && !JobLimits.CONCURRENCY_KEY_PATTERN.matcher(concurrencyKey).matches()) {
            problems.add(new FieldProblem(
                    "concurrency_key",
                    "must be 1 to " + JobLimits.MAX_CONCURRENCY_KEY_LENGTH
                            + " printable ASCII characters without spaces ('!' through '~')"));
        }
        Uniqueness uniqueness = unique == null ? null : unique.validate("unique.", problems);
        DependencyPolicy onDependencyFailure = graph == null ? DependencyPolicy.CANCEL : graph.validate(problems);
        List<String> dependsOn = graph == null || graph.dependsOn() == null ? List.of() : graph.dependsOn();
        if (unique != null && !dependsOn.isEmpty()) {
            // A waiting job would hold its unique key in a state the key's states cannot name (docs/WORKFLOWS.md).
            problems.add(new FieldProblem("unique", "cannot be combined with depends_on"));
        }
        CallbackUrl callback = null;
        if (callbackUrl != null) {
            try {
                callback = CallbackUrl.parse(callbackUrl);
            } catch (IllegalArgumentException invalid) {
                problems.add(new FieldProblem("callback_url", invalid.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(problems);
        }
        return new NewJob(
                type,
                queue != null ? queue : JobLimits.DEFAULT_QUEUE,
                payload != null ? payload : Json.EMPTY_OBJECT,
                priority != null ? priority : JobLimits.DEFAULT_PRIORITY,
                runAt,
                maxAttempts != null ? maxAttempts : JobLimits.DEFAULT_MAX_ATTEMPTS,
                timeoutSeconds != null ? timeoutSeconds : JobLimits.DEFAULT_TIMEOUT_SECONDS,
                idempotencyKey,
                concurrencyKey,
                uniqueness,
                graph == null ? null : graph.ref(),
                dependsOn,
                onDependencyFailure,
                callback);
    }

    private static void checkRange(List<FieldProblem> problems, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
        }
    }

    /** Keys are 1..255 characters of printable ASCII (space through tilde), so they survive headers and logs intact. */
    private static void checkIdempotencyKey(List<FieldProblem> problems, String key) {
        if (key.isEmpty() || key.length() > JobLimits.MAX_IDEMPOTENCY_KEY_LENGTH) {
            problems.add(new FieldProblem(
                    "idempotency_key",
                    "must be between 1 and " + JobLimits.MAX_IDEMPOTENCY_KEY_LENGTH + " characters long"));
        } else if (!key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            problems.add(new FieldProblem(
                    "idempotency_key", "must contain only printable ASCII characters (space through '~')"));
        }
    }
}
