package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.testing.SettableClock;
import dev.jobprocessor.application.testing.Submissions;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The database itself refuses rows that break docs/SPEC.md §3, whoever writes them: here, plain SQL. */
class SchemaConstraintsTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private final SettableClock clock = new SettableClock();
    private final PostgresJobRepository repository = new PostgresJobRepository(SCHEMA.dataSource());
    private Job pending;
    private Job running;

    @BeforeEach
    void oneJobInEachLiveState() {
        SCHEMA.truncate();
        Submissions submissions = new Submissions(System.nanoTime());
        repository.enqueue(List.of(submissions.of(JobRequest.ofType("work").withIdempotencyKey("key-1"), clock.now())));
        running = repository
                .claim(new ClaimRequest("w", List.of("default"), Set.of(), 1, Duration.ofSeconds(30), clock.now()))
                .getFirst();
        pending = repository
                .enqueue(List.of(submissions.ofType("work", clock.now())))
                .getFirst()
                .job();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = SCHEMA.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private void assertRefused(String sql, String constraint) {
        assertThatThrownBy(() -> execute(sql)).isInstanceOf(SQLException.class).hasMessageContaining(constraint);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "state = 'paused' | jobs_state_known",
                "attempts = -1 | jobs_attempts_range",
                "attempts = 5 | jobs_pending_has_attempt_left",
                "result = '{}' | jobs_result_iff_completed",
                "lease_owner = 'w' | jobs_lease_iff_running",
                "lease_expires_at = now() | jobs_lease_iff_running",
                "finished_at = now() | jobs_finished_iff_terminal",
                "state = 'completed', result = '{}' | jobs_finished_iff_terminal",
                "state = 'completed', finished_at = now() | jobs_result_iff_completed",
                "state = 'running' | jobs_lease_iff_running",
                "errors = '{}' | jobs_errors_is_array",
                "last_error = 'boom' | jobs_last_error_iff_errors",
                "cancel_requested_at = now() | jobs_cancel_request_only_running_or_cancelled",
                "snoozes = 101 | jobs_snoozes_range",
                "snoozes = -1 | jobs_snoozes_range",
            })
    void refusesABrokenPendingJob(String assignments, String constraint) {
        assertRefused("UPDATE jobs SET " + assignments + " WHERE id = '" + pending.id() + "'", constraint);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "lease_owner = NULL | jobs_lease_iff_running",
                "lease_expires_at = NULL | jobs_lease_iff_running",
                "lease_token = NULL | jobs_lease_iff_running",
                "attempts = 6 | jobs_attempts_range",
                "attempts = 0 | jobs_running_has_started",
                "started_at = NULL | jobs_running_has_started",
                "state = 'pending' | jobs_lease_iff_running",
                "cancel_requested_at = now(), state = 'failed', lease_owner = NULL, lease_expires_at = NULL,"
                        + " finished_at = now() | jobs_cancel_request_only_running_or_cancelled",
            })
    void refusesABrokenRunningJob(String assignments, String constraint) {
        assertRefused("UPDATE jobs SET " + assignments + " WHERE id = '" + running.id() + "'", constraint);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "type = 'other'",
                "queue = 'other'",
                "payload = '{\"x\":1}'",
                "priority = 4",
                "max_attempts = 6",
                "timeout_seconds = 10",
                "idempotency_key = 'key-2'",
                "created_at = now()",
                "id = gen_random_uuid()",
                "idempotency_fingerprint = 'another'",
                "created_by = 'someone-else'",
                "concurrency_key = 'another-key'",
                "dependency_parents = 2",
                "on_dependency_failure = 'run'",
            })
    void refusesToChangeAnImmutableField(String assignment) {
        assertRefused("UPDATE jobs SET " + assignment + " WHERE id = '" + running.id() + "'", "immutable");
    }

    // Immutable fields are checked on insert: an UPDATE of them is stopped earlier, by the trigger.
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type | 'Upper' | jobs_type_format",
                "type | '9starts-with-digit' | jobs_type_format",
                "queue | 'Bad Queue' | jobs_queue_format",
                "priority | 0 | jobs_priority_range",
                "priority | 11 | jobs_priority_range",
                "max_attempts | 0 | jobs_max_attempts_range",
                "max_attempts | 101 | jobs_max_attempts_range",
                "timeout_seconds | 0 | jobs_timeout_range",
                "timeout_seconds | 86401 | jobs_timeout_range",
                "idempotency_key | E'tab\\there' | jobs_idempotency_key_format",
                "idempotency_key | 'key-1' | jobs_idempotency_key",
                "idempotency_fingerprint | 'f' | jobs_fingerprint_iff_key",
            })
    void refusesABrokenNewJob(String column, String value, String constraint) {
        Map<String, String> row = validPendingRow();
        row.put(column, value);
        if (column.equals("idempotency_key")) {
            row.put("idempotency_fingerprint", "'f'");
        }
        assertRefused(insert(row), constraint);
    }

    @Test
    void acceptsACancelRequestOnARunningJobAndKeepsItWhenTheJobEndsCancelled() throws SQLException {
        execute("UPDATE jobs SET cancel_requested_at = now() WHERE id = '" + running.id() + "'");
        execute("UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, finished_at = now()"
                + " WHERE id = '" + running.id() + "'");
        assertThat(repository.find(running.id()).orElseThrow().cancelRequestedAt())
                .isNotNull();
    }

    @Test
    void acceptsAValidRowWrittenBySql() throws SQLException {
        Map<String, String> row = validPendingRow();
        row.put("idempotency_key", "'key-3'");
        row.put("idempotency_fingerprint", "'f'");
        execute(insert(row));
        assertThat(repository
                        .list(new dev.jobprocessor.application.port.JobQuery(null, null, null, 10, null))
                        .jobs())
                .hasSize(3);
    }

    /** Column → SQL literal of a valid pending job, in insertion order. */
    private static Map<String, String> validPendingRow() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", "gen_random_uuid()");
        row.put("type", "'work'");
        row.put("queue", "'default'");
        row.put("payload", "'{}'");
        row.put("priority", "5");
        row.put("state", "'pending'");
        row.put("attempts", "0");
        row.put("max_attempts", "5");
        row.put("run_at", "now()");
        row.put("timeout_seconds", "300");
        row.put("idempotency_key", "NULL");
        row.put("idempotency_fingerprint", "NULL");
        row.put("created_at", "now()");
        row.put("updated_at", "now()");
        return row;
    }

    private static String insert(Map<String, String> row) {
        return "INSERT INTO jobs (" + String.join(", ", row.keySet()) + ") VALUES (" + String.join(", ", row.values())
                + ")";
    }
}
