package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.testing.QueueRepositoryContract;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.Setting;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresQueueRepositoryTest extends QueueRepositoryContract {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    @Override
    protected Store emptyStore() {
        SCHEMA.truncate();
        PostgresJobRepository jobs = new PostgresJobRepository(SCHEMA.dataSource());
        return new Store(jobs, new PostgresQueueRepository(SCHEMA.dataSource(), jobs));
    }

    /**
     * Another process: its own claimer, whose idea of the restricted queues was read before the change (docs/
     * QUEUE_CONTROL.md, "How the claim enforces it"). The plain claim's own check of the queue row must hold.
     */
    private List<?> claimFromAnotherProcessThatReadTheSettingsBefore(Runnable change) {
        PostgresJobRepository other = new PostgresJobRepository(SCHEMA.dataSource());
        ClaimRequest nothingDue = new ClaimRequest(
                "other", List.of("mail"), Set.of(), 10, LEASE, clock.now().minusSeconds(3600));
        assertThat(other.claim(nothingDue))
                .as("reads the settings: nothing restricted yet")
                .isEmpty();
        change.run();
        return other.claim(new ClaimRequest("other", List.of("mail"), Set.of(), 10, LEASE, clock.now()));
    }

    @Test
    void aProcessThatReadTheSettingsBeforeAPauseTakesNothingAfterIt() {
        enqueue("mail");

        assertThat(claimFromAnotherProcessThatReadTheSettingsBefore(
                        () -> queues.change("mail", QueueChange.PAUSE, clock.now(), "ops")))
                .isEmpty();
    }

    @Test
    void aProcessThatReadTheSettingsBeforeALimitTakesNothingPastItsGuard() {
        enqueue("mail");
        enqueue("mail");

        assertThat(claimFromAnotherProcessThatReadTheSettingsBefore(() -> queues.change(
                        "mail", new QueueChange(Setting.keep(), new Setting.To<>(1)), clock.now(), "ops")))
                .as("until it reads the limit, it leaves the limited queue alone")
                .isEmpty();
    }

    /**
     * The same with a claimer that has cursors: its claim reads index ranges from them (docs/PERSISTENCE.md, "Claim
     * cursors"), and each range must check the queue row as the claim from the front does.
     */
    private List<?> claimFromTheCursorsOfAnotherProcessAfter(Runnable change) {
        PostgresJobRepository other = new PostgresJobRepository(SCHEMA.dataSource());
        assertThat(other.claim(new ClaimRequest("other", List.of("mail"), Set.of(), 1, LEASE, clock.now())))
                .as("one job, and a cursor where it was")
                .hasSize(1);
        change.run();
        return other.claim(new ClaimRequest("other", List.of("mail"), Set.of(), 10, LEASE, clock.now()));
    }

    @Test
    void aProcessClaimingFromItsCursorsTakesNothingAfterAPause() {
        for (int i = 0; i < 4; i++) {
            enqueue("mail");
        }

        assertThat(claimFromTheCursorsOfAnotherProcessAfter(
                        () -> queues.change("mail", QueueChange.PAUSE, clock.now(), "ops")))
                .isEmpty();
    }

    @Test
    void aProcessClaimingFromItsCursorsTakesNothingPastANewLimit() {
        for (int i = 0; i < 4; i++) {
            enqueue("mail");
        }

        assertThat(claimFromTheCursorsOfAnotherProcessAfter(() -> queues.change(
                        "mail", new QueueChange(Setting.keep(), new Setting.To<>(1)), clock.now(), "ops")))
                .as("one running already, limit one")
                .isEmpty();
    }

    /**
     * The trigger that records a job's queue reads the row before inserting it (V18); two transactions inserting the
     * first jobs of a new queue at once both find no row, and the second must wait for the first and then skip its
     * insert, not fail with a duplicate key. Plain SQL on both sides: the repository would retry a duplicate key.
     */
    @Test
    void twoTransactionsInsertingTheFirstJobsOfANewQueueAtOnceBothSucceed() throws Exception {
        try (Connection first = SCHEMA.dataSource().getConnection();
                Statement sql = first.createStatement()) {
            first.setAutoCommit(false);
            sql.execute(INSERT_INTO_FRESH);

            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
                try (Connection other = SCHEMA.dataSource().getConnection();
                        Statement otherSql = other.createStatement()) {
                    otherSql.execute(INSERT_INTO_FRESH);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The second insert waits on the first transaction's uncommitted queue row: give it time to get there.
            Thread.sleep(300);
            assertThat(second).as("waits for the first transaction's row").isNotDone();
            first.commit();

            second.get(10, TimeUnit.SECONDS);
        }
        assertThat(SCHEMA.number("SELECT count(*) FROM jobs WHERE queue = 'fresh'"))
                .isEqualTo(2);
        assertThat(queues.queue("fresh")).isPresent();
    }

    private static final String INSERT_INTO_FRESH =
            "INSERT INTO jobs (id, type, queue, payload, priority, state, attempts, max_attempts, run_at,"
                    + " timeout_seconds, created_at, updated_at) VALUES (gen_random_uuid(), 'work', 'fresh', '{}', 5,"
                    + " 'pending', 0, 5, now(), 300, now(), now())";
}
