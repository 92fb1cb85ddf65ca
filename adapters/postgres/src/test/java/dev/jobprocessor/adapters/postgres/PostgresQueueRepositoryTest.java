package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobprocessor.application.port.ClaimRequest;
import dev.jobprocessor.application.testing.QueueRepositoryContract;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.Setting;
import java.util.List;
import java.util.Set;
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
}
