package dev.jobprocessor.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobprocessor.adapters.cron.CronUtilsParser;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.adapters.memory.InMemoryLeadership;
import dev.jobprocessor.adapters.memory.InMemoryScheduleRepository;
import dev.jobprocessor.application.Cadences;
import dev.jobprocessor.application.CallbackPolicy;
import dev.jobprocessor.application.CancelJob;
import dev.jobprocessor.application.CompleteJob;
import dev.jobprocessor.application.ConfigureQueue;
import dev.jobprocessor.application.FailJob;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.GetStatistics;
import dev.jobprocessor.application.Heartbeat;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.ListJobs;
import dev.jobprocessor.application.ListQueues;
import dev.jobprocessor.application.ManageBatches;
import dev.jobprocessor.application.ManageSchedules;
import dev.jobprocessor.application.ManageWorkflows;
import dev.jobprocessor.application.PurgeJob;
import dev.jobprocessor.application.PurgeJobs;
import dev.jobprocessor.application.QueueWebhooks;
import dev.jobprocessor.application.ReapExpiredLeases;
import dev.jobprocessor.application.ReleaseJobs;
import dev.jobprocessor.application.RetryJob;
import dev.jobprocessor.application.SnoozeJob;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.application.port.JobCount;
import dev.jobprocessor.application.port.PendingBacklog;
import dev.jobprocessor.application.port.RecentFailure;
import dev.jobprocessor.application.port.StatisticsReader;
import dev.jobprocessor.application.port.TableHealth;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.domain.Backoff;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The API on a real port over the in-memory store, with a settable clock, and a small client for it. */
final class TestServer implements AutoCloseable {

    static final Backoff TEN_SECONDS = attempt -> Duration.ofSeconds(10);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final SettableClock clock = new SettableClock();
    final InMemoryJobRepository repository = new InMemoryJobRepository(new SecureRandom());
    final InMemoryScheduleRepository schedules = new InMemoryScheduleRepository(repository, clock);
    /** Leads from the start, as a lone process does after its first campaign. */
    final InMemoryLeadership leadership = InMemoryLeadership.alone("test-server");

    final AtomicBoolean ready = new AtomicBoolean(true);
    final EnqueueSignal signal = new EnqueueSignal();
    final RecordingMetrics metrics = new RecordingMetrics();
    final ReapExpiredLeases reaper = new ReapExpiredLeases(repository, clock, TEN_SECONDS, 100);
    /**
     * A table-health reading to show instead of the in-memory store's (which has none), as a PostgreSQL store would
     * report one; {@code null} shows the store's own.
     */
    volatile TableHealth tableHealth;

    /** This server's copy of the queues' webhook settings, as a process keeps one. */
    final QueueWebhooks queueWebhooks;

    private final HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer() {
        this(ApiTokens.none());
    }

    /** The API requiring {@code tokens} (none: authentication off). */
    TestServer(ApiTokens tokens) {
        this(tokens, CallbackPolicy.off());
    }

    /**
     * The API with webhooks on (docs/WEBHOOKS.md), authentication off: the service's secret set, destinations judged by
     * {@code rule} on what {@code resolver} answers, and the queues' webhook settings read from this server's store.
     */
    TestServer(DestinationRule rule, AddressResolver resolver) {
        this(ApiTokens.none(), null, rule, resolver);
    }

    private TestServer(ApiTokens tokens, CallbackPolicy fixed) {
        this(tokens, fixed, null, null);
    }

    private TestServer(ApiTokens tokens, CallbackPolicy fixed, DestinationRule rule, AddressResolver resolver) {
        queueWebhooks = new QueueWebhooks(repository);
        CallbackPolicy callbacks = fixed != null ? fixed : CallbackPolicy.of(rule, resolver, true, queueWebhooks);
        leadership.campaign();
        ListQueues listQueues = new ListQueues(repository, new Statistics(), clock);
        JobsApi api = new JobsApi(
                new SubmitJob(repository, clock, new SecureRandom(), callbacks),
                new GetJob(repository, repository),
                new ListJobs(repository),
                new LeaseJobs(repository, clock),
                new Heartbeat(repository, clock),
                new CompleteJob(repository, clock),
                new FailJob(repository, clock, TEN_SECONDS),
                new SnoozeJob(repository, clock),
                new ReleaseJobs(repository, clock),
                new CancelJob(repository, clock),
                new RetryJob(repository, clock),
                new PurgeJob(repository),
                new PurgeJobs(repository, clock),
                listQueues,
                new ConfigureQueue(repository, listQueues, clock, callbacks),
                new ManageSchedules(
                        schedules,
                        new Cadences(new CronUtilsParser()),
                        clock,
                        new SecureRandom(),
                        Duration.ofSeconds(10)),
                new ManageWorkflows(repository, repository, clock, new SecureRandom(), callbacks),
                new ManageBatches(repository, clock, new SecureRandom(), callbacks),
                new GetStatistics(new Statistics(), leadership, clock),
                ready::get,
                metrics,
                signal,
                Duration.ofSeconds(30),
                tokens,
                HttpTracing.off(clock));
        server = HttpServer.start(api, "127.0.0.1", 0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) {
        return post(path, json, "application/json");
    }

    Response post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
            boolean json =
                    response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            JsonNode body = response.body().isEmpty() || !json ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many jobs the store holds, read through the API. */
    int jobCount() {
        return get("/jobs?limit=500").body().get("jobs").size();
    }

    @Override
    public void close() {
        server.close();
    }

    /** The store's reads, with {@link #tableHealth} in place of its table health when a test set one. */
    private final class Statistics implements StatisticsReader {

        @Override
        public List<JobCount> counts() {
            return repository.counts();
        }

        @Override
        public List<PendingBacklog> oldestEligiblePending(Instant now) {
            return repository.oldestEligiblePending(now);
        }

        @Override
        public List<RecentFailure> recentFailures(int limit) {
            return repository.recentFailures(limit);
        }

        @Override
        public Optional<TableHealth> tableHealth() {
            TableHealth set = tableHealth;
            return set == null ? repository.tableHealth() : Optional.of(set);
        }
    }

    record Response(int status, HttpResponse<String> raw, JsonNode body) {
        String text() {
            return raw.body();
        }

        String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}
