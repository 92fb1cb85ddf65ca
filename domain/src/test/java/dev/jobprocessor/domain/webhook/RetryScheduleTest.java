package dev.jobprocessor.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-04T04:00:00Z");

    @Test
    void the_default_makes_eight_attempts_over_less_than_five_hours() {
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(RetrySchedule.DEFAULT.delays().stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofSeconds(10 + 30 + 120 + 600 + 1800 + 3600 + 10800));
        assertThat(RetrySchedule.DEFAULT).hasToString("10s,30s,2m,10m,30m,1h,3h");
    }

    @Test
    void a_2xx_is_delivered_whatever_the_attempt() {
        assertThat(RetrySchedule.DEFAULT.after(1, new DeliveryOutcome.Answered(204, ""), NOW))
                .isEqualTo(new DeliveryStep.Delivered());
        assertThat(RetrySchedule.DEFAULT.after(8, new DeliveryOutcome.Answered(200, ""), NOW))
                .isEqualTo(new DeliveryStep.Delivered());
    }

    @Test
    void server_errors_time_outs_and_connection_failures_wait_the_delay_of_their_attempt() {
        RetrySchedule schedule = RetrySchedule.parse("10s,30s,2m");

        assertThat(schedule.after(1, new DeliveryOutcome.Answered(500, ""), NOW))
                .isEqualTo(new DeliveryStep.RetryAt(NOW.plusSeconds(10)));
        assertThat(schedule.after(2, new DeliveryOutcome.TimedOut(), NOW))
                .isEqualTo(new DeliveryStep.RetryAt(NOW.plusSeconds(30)));
        assertThat(schedule.after(3, new DeliveryOutcome.ConnectionFailed("reset"), NOW))
                .isEqualTo(new DeliveryStep.RetryAt(NOW.plusSeconds(120)));
        assertThat(schedule.after(1, new DeliveryOutcome.Answered(429, ""), NOW))
                .isInstanceOf(DeliveryStep.RetryAt.class);
        assertThat(schedule.after(1, new DeliveryOutcome.Answered(408, ""), NOW))
                .isInstanceOf(DeliveryStep.RetryAt.class);
    }

    @Test
    void the_last_attempt_gives_up() {
        DeliveryStep step = RetrySchedule.parse("1s,1s").after(3, new DeliveryOutcome.Answered(503, ""), NOW);

        assertThat(step).isEqualTo(new DeliveryStep.GiveUp("answered 503 on the last of 3 attempts"));
        assertThat(step.state()).isEqualTo(DeliveryState.DEAD);
    }

    @Test
    void answers_another_attempt_would_not_change_give_up_at_once() {
        assertThat(RetrySchedule.DEFAULT.after(1, new DeliveryOutcome.Answered(404, ""), NOW))
                .isEqualTo(new DeliveryStep.GiveUp("answered 404, which another attempt would not change"));
        assertThat(RetrySchedule.DEFAULT.after(1, new DeliveryOutcome.Answered(301, ""), NOW))
                .isInstanceOf(DeliveryStep.GiveUp.class);
        assertThat(RetrySchedule.DEFAULT.after(1, new DeliveryOutcome.Refused("loopback"), NOW))
                .isInstanceOf(DeliveryStep.GiveUp.class);
    }

    @Test
    void bad_schedules_are_refused() {
        assertThatThrownBy(() -> RetrySchedule.parse("10s,0")).hasMessageContaining("must name delays longer than 0");
        assertThatThrownBy(() -> RetrySchedule.parse("10s,soon")).hasMessageContaining("\"soon\"");
        assertThatThrownBy(() -> RetrySchedule.parse("1s,".repeat(30) + "1s"))
                .hasMessageContaining("must name at most 29 delays");
        assertThat(RetrySchedule.parse("").maxAttempts()).isEqualTo(1);
    }
}
