package dev.jobprocessor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.worker.QueueConcurrency;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @Test
    void hasSensibleDefaults() {
        Settings settings = Settings.fromEnvironment(Map.of("HOSTNAME", "box"));

        assertThat(settings.store()).isEqualTo(Settings.Store.POSTGRES);
        assertThat(settings.usesEmbeddedDatabase()).isTrue();
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.queues()).containsExactly(QueueConcurrency.of("default", 8));
        assertThat(settings.workerConcurrency()).isEqualTo(8);
        assertThat(settings.workerSlots()).isEqualTo(8);
        assertThat(settings.workerPrefetch()).as("four per slot").isEqualTo(32);
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.workerId()).startsWith("box-");
        assertThat(settings.retention()).isEqualTo(Retention.DEFAULT);
        assertThat(settings.retentionInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.oldTransactionWarning()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.ledgerFile()).as("no ledger handler").isNull();
    }

    @Test
    void aLedgerFileMustBeWritableOrCreatable(@TempDir Path directory) {
        Path file = directory.resolve("ledger");
        assertThat(Settings.fromEnvironment(Map.of("JOBS_LEDGER_FILE", file.toString()))
                        .ledgerFile())
                .isEqualTo(file);

        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of(
                        "JOBS_LEDGER_FILE", directory.resolve("missing/ledger").toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("JOBS_LEDGER_FILE must name a writable file");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_LEDGER_FILE", directory.toString())))
                .as("a directory")
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void webhooksAreOffWithoutASecretAndReadTheirSettingsWhenGiven() {
        Settings off = Settings.fromEnvironment(Map.of());
        Settings on = Settings.fromEnvironment(Map.of(
                "JOBS_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "JOBS_WEBHOOK_ALLOWED_DESTINATIONS", "127.0.0.1:9000, 10.0.0.0/8",
                "JOBS_WEBHOOK_BACKOFF", "1s,5s",
                "JOBS_WEBHOOK_TIMEOUT_SECONDS", "3",
                "JOBS_WEBHOOK_RETENTION", "0"));

        assertThat(off.webhooks().enabled()).isFalse();
        assertThat(off.webhooks().retries().maxAttempts()).isEqualTo(8);
        assertThat(off.webhooks().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(off.webhooks().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(on.webhooks().enabled()).isTrue();
        assertThat(on.webhooks().allowedDestinations()).hasToString("127.0.0.1:9000,10.0.0.0/8");
        assertThat(on.webhooks().retries().maxAttempts()).isEqualTo(3);
        assertThat(on.webhooks().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(on.webhooks().retention()).isZero();
    }

    @Test
    void aLeaseMustOutlastTheExpectedFailover() {
        assertThat(Settings.fromEnvironment(Map.of()).leaseOutlastsFailover()).isTrue();
        assertThat(Settings.fromEnvironment(Map.of("JOBS_EXPECTED_FAILOVER_SECONDS", "30"))
                        .leaseOutlastsFailover())
                .isFalse();
        assertThat(Settings.fromEnvironment(Map.of("JOBS_LEASE_SECONDS", "60", "JOBS_EXPECTED_FAILOVER_SECONDS", "45"))
                        .leaseOutlastsFailover())
                .isTrue();
    }

    @Test
    void readsTheRetentionOfEachFinalStateAndZeroKeepsForEver() {
        Settings settings = Settings.fromEnvironment(Map.of(
                "JOBS_RETENTION_COMPLETED", "45s",
                "JOBS_RETENTION_CANCELLED", "30m",
                "JOBS_RETENTION_FAILED", "12h",
                "JOBS_RETENTION_DEAD", "0",
                "JOBS_RETENTION_INTERVAL_MS", "500"));

        assertThat(settings.retention())
                .isEqualTo(new Retention(
                        Duration.ofSeconds(45), Duration.ofMinutes(30), Duration.ofHours(12), Duration.ZERO));
        assertThat(settings.retention().keepsForever(JobState.DEAD)).isTrue();
        assertThat(settings.retentionInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest(name = "JOBS_OLD_TRANSACTION_WARN_SECONDS={0}")
    @CsvSource({"0, 0", "60, 60", "86400, 86400", "' 120 ', 120"})
    void readsTheOldTransactionWarningThresholdWhereZeroTurnsItOff(String value, long seconds) {
        Settings settings = Settings.fromEnvironment(Map.of("JOBS_OLD_TRANSACTION_WARN_SECONDS", value));

        assertThat(settings.oldTransactionWarning()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void readsEveryVariable() {
        Settings settings = Settings.fromEnvironment(Map.ofEntries(
                Map.entry("JOBS_DATABASE_URL", "jdbc:postgresql://db:5432/jobs"),
                Map.entry("JOBS_DATABASE_USER", "jobs"),
                Map.entry("JOBS_DATABASE_PASSWORD", "secret"),
                Map.entry("JOBS_HTTP_HOST", "0.0.0.0"),
                Map.entry("JOBS_AUTH", "none"),
                Map.entry("JOBS_HTTP_PORT", "9090"),
                Map.entry("JOBS_QUEUES", "mail, reports"),
                Map.entry("JOBS_WORKER_CONCURRENCY", "32"),
                Map.entry("JOBS_WORKER_PREFETCH", "0"),
                Map.entry("JOBS_LEASE_SECONDS", "60"),
                Map.entry("JOBS_POLL_INTERVAL_MS", "250"),
                Map.entry("JOBS_STORE", "memory"),
                Map.entry("JOBS_SHUTDOWN_GRACE_SECONDS", "5"),
                Map.entry("JOBS_WORKER_ID", "worker-7")));

        assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/jobs");
        assertThat(settings.databaseUser()).isEqualTo("jobs");
        assertThat(settings.databasePassword()).isEqualTo("secret");
        assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
        assertThat(settings.httpPort()).isEqualTo(9090);
        assertThat(settings.queues())
                .as("plain names share JOBS_WORKER_CONCURRENCY's slots, as before queues had slots of their own")
                .containsExactly(new QueueConcurrency(List.of("mail", "reports"), 32));
        assertThat(settings.workerConcurrency()).isEqualTo(32);
        assertThat(settings.workerSlots()).isEqualTo(32);
        assertThat(settings.workerPrefetch()).isZero();
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.store()).isEqualTo(Settings.Store.MEMORY);
        assertThat(settings.usesEmbeddedDatabase()).isFalse();
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.workerId()).isEqualTo("worker-7");
    }

    @Test
    void queueSlotPairsGiveEachQueueSlotsOfItsOwn() {
        Settings settings = Settings.fromEnvironment(Map.of("JOBS_QUEUES", " default:8 , reports : 2"));

        assertThat(settings.queues())
                .containsExactly(QueueConcurrency.of("default", 8), QueueConcurrency.of("reports", 2));
        assertThat(settings.workerSlots()).isEqualTo(10);
        assertThat(settings.workerPrefetch())
                .as("four per slot of the whole worker, as the bound of each queue's buffer")
                .isEqualTo(40);
    }

    @ParameterizedTest(name = "JOBS_QUEUES={0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "default:0 | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:0\"",
                "default:-2 | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:-2\"",
                "default:1001 | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:1001\"",
                "default:many | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:many\"",
                "default: | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:\"",
                "default:8:2 | JOBS_QUEUES must give each queue between 1 and 1000 slots, got \"default:8:2\"",
                "default:8,reports | JOBS_QUEUES must give slots to every queue (default:8,reports:2) or to none (default,reports), got \"default:8,reports\"",
                "default:8,default:2 | JOBS_QUEUES names queue default more than once, got \"default:8,default:2\"",
                "mail,reports,mail | JOBS_QUEUES names queue mail more than once, got \"mail,reports,mail\"",
                "Mail:3 | JOBS_QUEUES must be a comma-separated list of queue names matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"Mail:3\"",
                ":3 | JOBS_QUEUES must be a comma-separated list of queue names matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \":3\"",
                "default;reports | JOBS_QUEUES must be a comma-separated list of queue names matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"default;reports\"",
                "default,,reports | JOBS_QUEUES must be a comma-separated list of queue names matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"default,,reports\"",
            })
    void aBadQueueListIsOneClearLine(String value, String message) {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_QUEUES", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void atMostOneHundredQueues() {
        String tooMany = String.join(
                ",",
                java.util.stream.IntStream.range(0, 101).mapToObj(i -> "q" + i).toList());

        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("JOBS_QUEUES", tooMany)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("JOBS_QUEUES must name at most 100 queues, got \"q0,q1,");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "JOBS_HTTP_PORT | abc | JOBS_HTTP_PORT must be an integer between 0 and 65535, got \"abc\"",
                "JOBS_HTTP_PORT | 70000 | JOBS_HTTP_PORT must be an integer between 0 and 65535, got \"70000\"",
                "JOBS_WORKER_CONCURRENCY | 0 | JOBS_WORKER_CONCURRENCY must be an integer between 1 and 1000, got \"0\"",
                "JOBS_WORKER_PREFETCH | -1 | JOBS_WORKER_PREFETCH must be an integer between 0 and 1000, got \"-1\"",
                "JOBS_LEASE_SECONDS | -5 | JOBS_LEASE_SECONDS must be an integer between 1 and 86400, got \"-5\"",
                "JOBS_POLL_INTERVAL_MS | 1.5 | JOBS_POLL_INTERVAL_MS must be an integer between 10 and 60000, got \"1.5\"",
                "JOBS_STORE | redis | JOBS_STORE must be postgres or memory, got \"redis\"",
                "JOBS_QUEUES | Mail | JOBS_QUEUES must be a comma-separated list of queue names matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"Mail\"",
                "JOBS_DATABASE_URL | mysql://db | JOBS_DATABASE_URL must be a JDBC URL starting with jdbc:postgresql:, got \"mysql://db\"",
                "JOBS_RETENTION_COMPLETED | 1w | JOBS_RETENTION_COMPLETED must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"1w\"; 0 keeps the jobs for ever",
                "JOBS_RETENTION_CANCELLED | 1.5d | JOBS_RETENTION_CANCELLED must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"1.5d\"; 0 keeps the jobs for ever",
                "JOBS_RETENTION_FAILED | -1d | JOBS_RETENTION_FAILED must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"-1d\"; 0 keeps the jobs for ever",
                "JOBS_RETENTION_DEAD | 36501d | JOBS_RETENTION_DEAD must be at most 36500d, got \"36501d\"; 0 keeps the jobs for ever",
                "JOBS_RETENTION_DEAD | forever | JOBS_RETENTION_DEAD must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"forever\"; 0 keeps the jobs for ever",
                "JOBS_RETENTION_INTERVAL_MS | 50 | JOBS_RETENTION_INTERVAL_MS must be an integer between 100 and 86400000, got \"50\"",
                "JOBS_RETENTION_INTERVAL_MS | 1m | JOBS_RETENTION_INTERVAL_MS must be an integer between 100 and 86400000, got \"1m\"",
                "JOBS_OLD_TRANSACTION_WARN_SECONDS | -1 | JOBS_OLD_TRANSACTION_WARN_SECONDS must be an integer between 0 and 86400, got \"-1\"",
                "JOBS_OLD_TRANSACTION_WARN_SECONDS | 5m | JOBS_OLD_TRANSACTION_WARN_SECONDS must be an integer between 0 and 86400, got \"5m\"",
                "JOBS_OLD_TRANSACTION_WARN_SECONDS | 86401 | JOBS_OLD_TRANSACTION_WARN_SECONDS must be an integer between 0 and 86400, got \"86401\"",
                "JOBS_WEBHOOK_SECRET | whsec_c2hvcnQ= | JOBS_WEBHOOK_SECRET must hold 24 to 64 bytes after whsec_, it holds 5 (generate one with: echo whsec_$(openssl rand -base64 32))",
                "JOBS_WEBHOOK_SECRET | hunter2hunter2hunter2hunter2 | JOBS_WEBHOOK_SECRET must start with whsec_ followed by base64 (generate one with: echo whsec_$(openssl rand -base64 32))",
                "JOBS_WEBHOOK_ALLOWED_DESTINATIONS | localhost | JOBS_WEBHOOK_ALLOWED_DESTINATIONS: \"localhost\" is neither host:port (IPv6 in brackets: [::1]:8080) nor a CIDR range (10.0.0.0/8)",
                "JOBS_WEBHOOK_BACKOFF | 10s;30s | JOBS_WEBHOOK_BACKOFF must be 0 or a whole number followed by s, m, h or d (45s, 30m, 12h, 14d), got \"10s;30s\" (a comma-separated list of delays such as 10s,30s,2m)",
                "JOBS_WEBHOOK_BACKOFF | 10s,0 | JOBS_WEBHOOK_BACKOFF must name delays longer than 0 (a comma-separated list of delays such as 10s,30s,2m)",
                "JOBS_WEBHOOK_TIMEOUT_SECONDS | 0 | JOBS_WEBHOOK_TIMEOUT_SECONDS must be an integer between 1 and 300, got \"0\"",
                "JOBS_EXPECTED_FAILOVER_SECONDS | soon | JOBS_EXPECTED_FAILOVER_SECONDS must be an integer between 0 and 3600, got \"soon\"",
            })
    void aBadValueIsOneClearLine(String variable, String value, String message) {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
