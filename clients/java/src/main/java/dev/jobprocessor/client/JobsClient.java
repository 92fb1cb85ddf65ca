package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The job-processor HTTP API from Java (docs/SPEC.md §7): submit, read, list, cancel and retry jobs; read, pause,
 * resume and change queues; create, replace, pause, resume, delete and trigger schedules; and the worker protocol
 * ({@link #leases()}).
 *
 * <p>Calls that are safe to send twice are retried when the service is unavailable ({@code 503}, waiting at least its
 * {@code Retry-After}) or does not answer: reads, submits whose every job has an idempotency key (the service
 * answers a repeat with the same job), and the changes whose repeat changes nothing more (a queue's settings, a
 * schedule's create, replace and pause). Cancel, retry, delete, trigger and submits without a key are sent once: the
 * caller decides.
 * Thread-safe; one client per service is enough.
 */
public final class JobsClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;
    private final int attempts;
    private final Duration firstBackoff;
    private final Duration requestTimeout;
    private final Leases leases;

    private JobsClient(Builder builder) {
        this.base = builder.base;
        this.token = Optional.ofNullable(builder.token);
        this.http = builder.http != null
                ? builder.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.attempts = builder.attempts;
        this.firstBackoff = builder.firstBackoff;
        this.requestTimeout = builder.requestTimeout;
        this.leases = new Leases(this);
    }

    /** A client of the service at {@code base}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** Submits one job; {@code 201} for a new one, {@code 200} for a repeat of its idempotency key. */
    public Job submit(NewJob job) {
        return Job.from(call("POST", "/jobs", job.toJson(), job.idempotencyKey() != null));
    }

    /** Submits up to 1000 jobs at once, all or nothing; the answer keeps their order. */
    public List<Job> submitAll(List<NewJob> jobs) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("jobs");
        jobs.forEach(job -> array.add(job.toJson()));
        boolean everyOneKeyed = !jobs.isEmpty() && jobs.stream().allMatch(job -> job.idempotencyKey() != null);
        List<Job> created = new ArrayList<>();
        call("POST", "/jobs/batch", body, everyOneKeyed).path("jobs").forEach(json -> created.add(Job.from(json)));
        return created;
    }

    /** The job with this id; {@link JobsException.NotFound} when there is none. */
    public Job get(String id) {
        return Job.from(call("GET", "/jobs/" + encode(id), null, true));
    }

    /** Every job the query matches, newest first, fetched a page at a time as the iterator is walked. */
    public Iterator<Job> list(JobQuery query) {
        return new Pages(query);
    }

    /** Cancels a pending job at once, or asks a running one's worker to stop (the job is answered still running). */
    public Job cancel(String id) {
        return Job.from(call("POST", "/jobs/" + encode(id) + "/cancel", JsonNodeFactory.instance.objectNode(), false));
    }

    /** Every queue, by name, with its settings and live counts. */
    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        call("GET", "/queues", null, true).path("queues").forEach(json -> queues.add(Queue.from(json)));
        return queues;
    }

    /** One queue; {@link JobsException.NotFound} for a name no job or operator ever used. */
    public Queue queue(String name) {
        return Queue.from(call("GET", "/queues/" + encode(name), null, true));
    }

    /** Pauses a queue: no claim that starts from now on takes its jobs. Pausing a paused queue changes nothing. */
    public Queue pauseQueue(String name) {
        return Queue.from(
                call("POST", "/queues/" + encode(name) + "/pause", JsonNodeFactory.instance.objectNode(), true));
    }

    public Queue resumeQueue(String name) {
        return Queue.from(
                call("POST", "/queues/" + encode(name) + "/resume", JsonNodeFactory.instance.objectNode(), true));
    }

    /** Changes the settings {@code change} names, and only those. */
    public Queue changeQueue(String name, QueueChange change) {
        return Queue.from(call("PATCH", "/queues/" + encode(name), change.toJson(), true));
    }

    /** Every schedule, by name. */
    public List<Schedule> schedules() {
        List<Schedule> schedules = new ArrayList<>();
        call("GET", "/schedules", null, true).path("schedules").forEach(json -> schedules.add(Schedule.from(json)));
        return schedules;
    }

    /** One schedule with its next five fire times. */
    public Schedule schedule(String name) {
        return Schedule.from(call("GET", "/schedules/" + encode(name), null, true));
    }

    /**
     * Creates a schedule; the same definition again is answered with the stored one, a different one under the same
     * name is {@link JobsException.ScheduleConflict} (so a create is safe to send again).
     */
    public Schedule createSchedule(NewSchedule schedule) {
        return Schedule.from(call("POST", "/schedules", schedule.toJson(), true));
    }

    /** Creates or replaces the schedule of that name; a replaced one keeps its pause and history. */
    public Schedule putSchedule(NewSchedule schedule) {
        return Schedule.from(call("PUT", "/schedules/" + encode(schedule.name()), schedule.toJson(), true));
    }

    public Schedule pauseSchedule(String name) {
        return Schedule.from(call(
                "PATCH",
                "/schedules/" + encode(name),
                JsonNodeFactory.instance.objectNode().put("paused", true),
                true));
    }

    public Schedule resumeSchedule(String name) {
        return Schedule.from(call(
                "PATCH",
                "/schedules/" + encode(name),
                JsonNodeFactory.instance.objectNode().put("paused", false),
                true));
    }

    /** Deletes the schedule (its jobs stay). Sent once: a repeat after a lost answer is {@link JobsException.NotFound}. */
    public void deleteSchedule(String name) {
        call("DELETE", "/schedules/" + encode(name), null, false);
    }

    /** Enqueues the schedule's job now, outside its cadence (also while paused); sent once. */
    public Job triggerSchedule(String name) {
        return Job.from(
                call("POST", "/schedules/" + encode(name) + "/trigger", JsonNodeFactory.instance.objectNode(), false));
    }

    /** The worker protocol over this client's connection and token, for {@link dev.jobprocessor.client.worker.RemoteWorker}. */
    public Leases leases() {
        return leases;
    }

    /** Puts a failed, dead or cancelled job back to pending, due at once. */
    public Job retry(String id) {
        return Job.from(call("POST", "/jobs/" + encode(id) + "/retry", JsonNodeFactory.instance.objectNode(), false));
    }

    JsonNode call(String method, String path, JsonNode body, boolean safeToRepeat) {
        return call(method, path, body, safeToRepeat, Duration.ZERO);
    }

    /** As above, for a request the service may hold open for {@code serverWait} (a long poll) before answering. */
    JsonNode call(String method, String path, JsonNode body, boolean safeToRepeat, Duration serverWait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout.plus(serverWait))
                .header("Accept", "application/json");
        token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = !safeToRepeat || attempt >= attempts;
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (lastAttempt) {
                    throw new JobsException.Unreachable(method + " " + path + ": no answer (" + e + ")", e);
                }
                pause(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobsException.Unreachable(method + " " + path + ": interrupted", e);
            }
            if (response.statusCode() / 100 == 2) {
                return read(response.body());
            }
            JobsException error =
                    JobsException.of(response.statusCode(), envelope(response.body()), retryAfter(response));
            if (error instanceof JobsException.Unavailable unavailable && !lastAttempt) {
                Duration wait = backoff(attempt);
                Duration asked = unavailable.retryAfter().orElse(Duration.ZERO);
                pause(asked.compareTo(wait) > 0 ? asked : wait);
                continue;
            }
            throw error;
        }
    }

    private Duration backoff(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : wait;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)));
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the service answered something that is not JSON", e);
        }
    }

    /** The error envelope's {@code error} object; none when the body is not one (a proxy's HTML page, say). */
    private static JsonNode envelope(String body) {
        try {
            JsonNode error =
                    body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobsException.Unreachable("interrupted while waiting to try again", e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Walks {@code GET /jobs} page by page, following {@code next_cursor}. */
    private final class Pages implements Iterator<Job> {

        private final JobQuery query;
        private final Deque<Job> page = new ArrayDeque<>();
        private String cursor;
        private boolean lastPage;

        Pages(JobQuery query) {
            this.query = query;
        }

        @Override
        public boolean hasNext() {
            while (page.isEmpty() && !lastPage) {
                StringBuilder path = new StringBuilder("/jobs?limit=").append(query.pageSize());
                append(path, "state", query.state());
                append(path, "type", query.type());
                append(path, "queue", query.queue());
                append(path, "cursor", cursor);
                JsonNode answer = call("GET", path.toString(), null, true);
                answer.path("jobs").forEach(json -> page.add(Job.from(json)));
                JsonNode next = answer.get("next_cursor");
                lastPage = next == null || next.isNull();
                cursor = lastPage ? null : next.asText();
            }
            return !page.isEmpty();
        }

        @Override
        public Job next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.removeFirst();
        }

        private static void append(StringBuilder path, String name, String value) {
            if (value != null) {
                path.append('&').append(name).append('=').append(encode(value));
            }
        }
    }

    /** How to reach the service and how patiently. */
    public static final class Builder {

        private final URI base;
        private String token;
        private HttpClient http;
        private int attempts = 4;
        private Duration firstBackoff = Duration.ofMillis(200);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder(URI base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        /** The bearer token's secret ({@code JOBS_API_TOKENS}); none when the service runs without tokens. */
        public Builder token(String secret) {
            this.token = secret;
            return this;
        }

        /** How many times a call that is safe to repeat is sent at most (1: never again). Default 4. */
        public Builder attempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /** The wait before the second attempt, doubled before each next one up to 5 s. Default 200 ms. */
        public Builder firstBackoff(Duration firstBackoff) {
            this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
            return this;
        }

        /** How long one request may take. Default 30 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** The JDK client to send with, for its executor, proxy or TLS settings. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        public JobsClient build() {
            return new JobsClient(this);
        }
    }
}
