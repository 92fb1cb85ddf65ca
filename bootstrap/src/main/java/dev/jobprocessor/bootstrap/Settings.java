package dev.jobprocessor.bootstrap;

import dev.jobprocessor.adapters.http.ApiTokens;
import dev.jobprocessor.application.LeaseJobs;
import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.application.worker.WorkerSettings;
import dev.jobprocessor.domain.DurationText;
import dev.jobprocessor.domain.JobLimits;
import dev.jobprocessor.domain.Retention;
import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.AllowedDestinations;
import dev.jobprocessor.domain.webhook.RetrySchedule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's configuration, read from environment variables (docs/SPEC.md §8) with defaults, and checked before
 * anything starts: a bad value is a {@link ConfigurationException} with one line naming it.
 */
public record Settings(
        Store store,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Path dataDirectory,
        String httpHost,
        int httpPort,
        List<QueueConcurrency> queues,
        int workerConcurrency,
        int workerPrefetch,
        Duration lease,
        Duration pollInterval,
        Duration shutdownGrace,
        Duration reaperInterval,
        String workerId,
        LogFormat logFormat,
        int metricsPort,
        ApiTokens apiTokens,
        Retention retention,
        Duration retentionInterval,
        Duration oldTransactionWarning,
        Duration scheduleMinInterval,
        Duration schedulerInterval,
        Path schedulesFile,
        WebhookSettings webhooks,
        Duration expectedFailover,
        Path ledgerFile,
        Duration trendsInterval) {

    /** How log lines are written: readable text, or one JSON object per line for log shippers. */
    public enum LogFormat {
        TEXT,
        JSON
    }

    /** Where jobs are kept. */
    public enum Store {
        POSTGRES,
        MEMORY
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        Reader reader = new Reader(env);
        int concurrency = reader.integer("JOBS_WORKER_CONCURRENCY", 8, 1, WorkerSettings.MAX_CONCURRENCY);
        List<QueueConcurrency> queues = reader.queues(concurrency);
        return new Settings(
                reader.store(),
                reader.text("JOBS_DATABASE_URL", null),
                reader.text("JOBS_DATABASE_USER", null),
                reader.text("JOBS_DATABASE_PASSWORD", null),
                Path.of(reader.text("JOBS_DATA_DIR", "./data")),
                reader.text("JOBS_HTTP_HOST", "127.0.0.1"),
                reader.integer("JOBS_HTTP_PORT", 8080, 0, 65_535),
                queues,
                concurrency,
                reader.integer(
                        "JOBS_WORKER_PREFETCH",
                        WorkerSettings.defaultPrefetch(slots(queues)),
                        0,
                        WorkerSettings.MAX_PREFETCH),
                Duration.ofSeconds(reader.integer("JOBS_LEASE_SECONDS", 30, 1, 86_400)),
                Duration.ofMillis(reader.integer("JOBS_POLL_INTERVAL_MS", 1_000, 10, 60_000)),
                Duration.ofSeconds(reader.integer("JOBS_SHUTDOWN_GRACE_SECONDS", 30, 0, 3_600)),
                Duration.ofMillis(reader.integer("JOBS_REAPER_INTERVAL_MS", 1_000, 50, 60_000)),
                reader.workerId(),
                reader.logFormat(),
                reader.integer("JOBS_METRICS_PORT", 9464, 0, 65_535),
                reader.apiTokens(),
                new Retention(
                        reader.retention("JOBS_RETENTION_COMPLETED", Retention.DEFAULT.completed()),
                        reader.retention("JOBS_RETENTION_CANCELLED", Retention.DEFAULT.cancelled()),
                        reader.retention("JOBS_RETENTION_FAILED", Retention.DEFAULT.failed()),
                        reader.retention("JOBS_RETENTION_DEAD", Retention.DEFAULT.dead())),
                Duration.ofMillis(reader.integer("JOBS_RETENTION_INTERVAL_MS", 60_000, 100, 86_400_000)),
                Duration.ofSeconds(reader.integer("JOBS_OLD_TRANSACTION_WARN_SECONDS", 300, 0, 86_400)),
                Duration.ofSeconds(reader.integer("JOBS_SCHEDULE_MIN_INTERVAL_SECONDS", 10, 1, 86_400)),
                Duration.ofMillis(reader.integer("JOBS_SCHEDULER_INTERVAL_MS", 500, 50, 60_000)),
                reader.schedulesFile(),
                reader.webhooks(),
                Duration.ofSeconds(reader.integer("JOBS_EXPECTED_FAILOVER_SECONDS", 20, 0, 3_600)),
                reader.ledgerFile(),
                Duration.ofMillis(reader.integer("JOBS_TRENDS_INTERVAL_MS", 10_000, 100, 60_000)));
    }

    /**
     * Whether a lease outlasts a failover of the database (docs/HIGH_AVAILABILITY.md, "Leases"): while the primary
     * changes, no heartbeat can be written, and a lease that runs out meanwhile is reaped and its job run a second
     * time once the new primary takes writes.
     */
    public boolean leaseOutlastsFailover() {
        return lease.compareTo(expectedFailover) > 0;
    }

    /** The embedded worker's handler slots, all queues together: how many jobs it may run at once. */
    public int workerSlots() {
        return slots(queues);
    }

    private static int slots(List<QueueConcurrency> queues) {
        return queues.stream().mapToInt(QueueConcurrency::concurrency).sum();
    }

    /** True when requests must carry a bearer token (docs/SPEC.md §11). */
    public boolean authenticates() {
        return !apiTokens.isEmpty();
    }

    /** True when no database URL is given: the service runs its own embedded PostgreSQL (docs/SPEC.md §8). */
    public boolean usesEmbeddedDatabase() {
        return store == Store.POSTGRES && databaseUrl == null;
    }

    /** Reads one variable at a time, each with its rule in the message. */
    private record Reader(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        /**
         * {@code JOBS_LEDGER_FILE}: a file in an existing directory that the {@code ledger} handler appends to, or
         * none (and no {@code ledger} handler).
         */
        Path ledgerFile() {
            String value = text("JOBS_LEDGER_FILE", null);
            if (value == null) {
                return null;
            }
            Path path = Path.of(value).toAbsolutePath();
            boolean usable = java.nio.file.Files.exists(path)
                    ? java.nio.file.Files.isRegularFile(path) && java.nio.file.Files.isWritable(path)
                    : java.nio.file.Files.isDirectory(path.getParent())
                            && java.nio.file.Files.isWritable(path.getParent());
            if (!usable) {
                throw new ConfigurationException("JOBS_LEDGER_FILE must name a writable file, or one that can be"
                        + " created in an existing directory, got \"" + value + "\"");
            }
            return path;
        }

        /** {@code JOBS_SCHEDULES_FILE}: a readable file, or none; its contents are checked when the service starts. */
        Path schedulesFile() {
            String value = text("JOBS_SCHEDULES_FILE", null);
            if (value == null) {
                return null;
            }
            Path path = Path.of(value);
            if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
                throw new ConfigurationException(
                        "JOBS_SCHEDULES_FILE must name a readable file, got \"" + value + "\"");
            }
            return path;
        }

        /** {@code JOBS_WEBHOOK_*}: each checked here, the secret's message never quoting it. */
        WebhookSettings webhooks() {
            String secretText = text("JOBS_WEBHOOK_SECRET", null);
            WebhookSecret secret = null;
            if (secretText != null) {
                try {
                    secret = WebhookSecret.parse(secretText);
                } catch (IllegalArgumentException invalid) {
                    throw new ConfigurationException("JOBS_WEBHOOK_SECRET " + invalid.getMessage()
                            + " (generate one with: echo whsec_$(openssl rand -base64 32))");
                }
            }
            AllowedDestinations allowed;
            try {
                allowed = AllowedDestinations.parse(text("JOBS_WEBHOOK_ALLOWED_DESTINATIONS", ""));
            } catch (IllegalArgumentException invalid) {
                throw new ConfigurationException("JOBS_WEBHOOK_ALLOWED_DESTINATIONS: " + invalid.getMessage());
            }
            RetrySchedule retries;
            String backoff = text("JOBS_WEBHOOK_BACKOFF", null);
            try {
                retries = backoff == null ? RetrySchedule.DEFAULT : RetrySchedule.parse(backoff);
            } catch (IllegalArgumentException invalid) {
                throw new ConfigurationException("JOBS_WEBHOOK_BACKOFF " + invalid.getMessage()
                        + " (a comma-separated list of delays such as 10s,30s,2m)");
            }
            return new WebhookSettings(
                    secret,
                    allowed,
                    retries,
                    Duration.ofSeconds(integer("JOBS_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 300)),
                    Duration.ofMillis(integer("JOBS_WEBHOOK_INTERVAL_MS", 500, 50, 60_000)),
                    retention("JOBS_WEBHOOK_RETENTION", Duration.ofDays(7)));
        }

        int integer(String name, int fallback, int min, int max) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the rule
            }
            throw new ConfigurationException(
                    name + " must be an integer between " + min + " and " + max + ", got \"" + value + "\"");
        }

        /**
         * How long jobs of one final state are kept: {@code 45s}, {@code 30m}, {@code 12h}, {@code 14d}, or {@code 0}
         * to keep them for ever.
         */
        Duration retention(String name, Duration fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return DurationText.parse(value);
            } catch (IllegalArgumentException invalid) {
                throw new ConfigurationException(name + " " + invalid.getMessage() + "; 0 keeps the jobs for ever");
            }
        }

        Store store() {
            String value = text("JOBS_STORE", "postgres");
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "postgres" -> Store.POSTGRES;
                case "memory" -> Store.MEMORY;
                default ->
                    throw new ConfigurationException("JOBS_STORE must be postgres or memory, got \"" + value + "\"");
            };
        }

        /**
         * The bearer tokens, from {@code JOBS_API_TOKENS} or the file {@code JOBS_API_TOKENS_FILE}. Without any, the
         * service may only listen on a loopback address, unless {@code JOBS_AUTH=none} says that is intended.
         */
        ApiTokens apiTokens() {
            String inline = text("JOBS_API_TOKENS", null);
            String file = text("JOBS_API_TOKENS_FILE", null);
            String auth = text("JOBS_AUTH", "tokens").toLowerCase(Locale.ROOT);
            if (!auth.equals("tokens") && !auth.equals("none")) {
                throw new ConfigurationException("JOBS_AUTH must be tokens or none, got \"" + auth + "\"");
            }
            if (inline != null && file != null) {
                throw new ConfigurationException("set JOBS_API_TOKENS or JOBS_API_TOKENS_FILE, not both");
            }
            String specification = inline;
            String source = "JOBS_API_TOKENS";
            if (file != null) {
                source = "JOBS_API_TOKENS_FILE (" + file + ")";
                try {
                    specification = Files.readString(Path.of(file));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigurationException("JOBS_API_TOKENS_FILE cannot be read: " + file);
                }
            }
            ApiTokens tokens;
            try {
                tokens = specification == null ? ApiTokens.none() : ApiTokens.parse(specification);
            } catch (IllegalArgumentException invalid) {
                // the message names the entry, never its secret
                throw new ConfigurationException(source + ": " + invalid.getMessage());
            }
            if (specification != null && tokens.isEmpty()) {
                throw new ConfigurationException(source + " holds no token");
            }
            if (auth.equals("none") && !tokens.isEmpty()) {
                throw new ConfigurationException("JOBS_AUTH=none contradicts the tokens in " + source);
            }
            String host = text("JOBS_HTTP_HOST", "127.0.0.1");
            if (tokens.isEmpty() && auth.equals("tokens") && !isLoopback(host)) {
                throw new ConfigurationException("JOBS_HTTP_HOST=" + host + " is reachable from other machines, and no"
                        + " JOBS_API_TOKENS are set: configure tokens, or set JOBS_AUTH=none to run open on purpose");
            }
            return tokens;
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new ConfigurationException("JOBS_HTTP_HOST is not a known host or address: " + host);
            }
        }

        LogFormat logFormat() {
            String value = text("JOBS_LOG_FORMAT", "text");
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "text" -> LogFormat.TEXT;
                case "json" -> LogFormat.JSON;
                default ->
                    throw new ConfigurationException("JOBS_LOG_FORMAT must be text or json, got \"" + value + "\"");
            };
        }

        /**
         * {@code JOBS_QUEUES}: queue:slots pairs ({@code default:8,reports:2}), each queue with slots of its own; or
         * plain names ({@code default,reports}), which share {@code sharedSlots} ({@code JOBS_WORKER_CONCURRENCY}), as
         * they did before queues had slots of their own, so an existing configuration keeps its total capacity.
         */
        List<QueueConcurrency> queues(int sharedSlots) {
            String value = text("JOBS_QUEUES", JobLimits.DEFAULT_QUEUE);
            List<String> entries =
                    Arrays.stream(value.split(",", -1)).map(String::trim).toList();
            if (entries.size() > LeaseJobs.MAX_QUEUES) {
                throw badQueues("must name at most " + LeaseJobs.MAX_QUEUES + " queues", value);
            }
            boolean withSlots = entries.stream().anyMatch(entry -> entry.contains(":"));
            Set<String> names = new LinkedHashSet<>();
            List<QueueConcurrency> own = new ArrayList<>();
            for (String entry : entries) {
                int colon = entry.indexOf(':');
                if (withSlots && colon < 0) {
                    throw badQueues(
                            "must give slots to every queue (default:8,reports:2) or to none (default,reports)", value);
                }
                String name = colon < 0 ? entry : entry.substring(0, colon).trim();
                if (!JobLimits.QUEUE_PATTERN.matcher(name).matches()) {
                    throw badQueues(
                            "must be a comma-separated list of queue names matching "
                                    + JobLimits.QUEUE_PATTERN.pattern(),
                            value);
                }
                if (!names.add(name)) {
                    throw badQueues("names queue " + name + " more than once", value);
                }
                if (withSlots) {
                    own.add(QueueConcurrency.of(
                            name, queueSlots(entry.substring(colon + 1).trim(), value)));
                }
            }
            return withSlots ? own : List.of(new QueueConcurrency(List.copyOf(names), sharedSlots));
        }

        private static int queueSlots(String slots, String value) {
            try {
                int number = Integer.parseInt(slots);
                if (number >= 1 && number <= WorkerSettings.MAX_CONCURRENCY) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the rule
            }
            throw badQueues("must give each queue between 1 and " + WorkerSettings.MAX_CONCURRENCY + " slots", value);
        }

        private static ConfigurationException badQueues(String rule, String value) {
            return new ConfigurationException("JOBS_QUEUES " + rule + ", got \"" + value + "\"");
        }

        String workerId() {
            String value = text("JOBS_WORKER_ID", null);
            if (value == null) {
                String host = text("HOSTNAME", "localhost");
                return host + "-" + ProcessHandle.current().pid();
            }
            if (value.length() > 200 || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
                throw new ConfigurationException(
                        "JOBS_WORKER_ID must be 1 to 200 printable ASCII characters, got \"" + value + "\"");
            }
            return value;
        }

        Reader {
            String url = env.get("JOBS_DATABASE_URL");
            if (url != null && !url.isBlank() && !url.trim().startsWith("jdbc:postgresql:")) {
                throw new ConfigurationException(
                        "JOBS_DATABASE_URL must be a JDBC URL starting with jdbc:postgresql:, got \"" + url.trim()
                                + "\"");
            }
        }
    }
}
