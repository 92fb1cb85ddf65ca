package dev.jobprocessor.adapters.memory.usecases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobprocessor.application.CallbackPolicy;
import dev.jobprocessor.application.ConfigureQueue;
import dev.jobprocessor.application.DeliverWebhooks;
import dev.jobprocessor.application.GetJob;
import dev.jobprocessor.application.LeaseRequest;
import dev.jobprocessor.application.ListQueues;
import dev.jobprocessor.application.QueueWebhooks;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.application.port.JobQuery;
import dev.jobprocessor.application.port.WebhookMessage;
import dev.jobprocessor.application.port.WebhookTransport;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.FieldProblem;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.JobRequest;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.JobValidationException;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.QueueChange;
import dev.jobprocessor.domain.Setting;
import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.AllowedDestinations;
import dev.jobprocessor.domain.webhook.DeliveryAttempt;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DeliveryState;
import dev.jobprocessor.domain.webhook.DestinationRule;
import dev.jobprocessor.domain.webhook.RetrySchedule;
import dev.jobprocessor.domain.webhook.WebhookDelivery;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Webhooks from submit to the last attempt, on the in-memory store with a scripted receiver. */
class WebhookDeliveryTest {

    private static final String URL = "https://hooks.example.com/jobs";
    private static final RetrySchedule TWO_RETRIES = RetrySchedule.parse("1s,5s");

    private final UseCases app = new UseCases();
    private final List<WebhookMessage> sent = new ArrayList<>();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** hooks.example.com is public; internal.example.com resolves to a private address. */
    private final AddressResolver dns = host -> switch (host) {
        case "hooks.example.com" -> List.of(address("93.184.216.34"));
        case "internal.example.com" -> List.of(address("10.1.2.3"));
        default -> List.of();
    };

    private static final WebhookSecret SERVICE_SECRET = WebhookSecret.parse("whsec_" + "A".repeat(32));
    private static final WebhookSecret MAIL_SECRET = WebhookSecret.parse("whsec_" + "B".repeat(32));

    private final QueueWebhooks queueWebhooks = new QueueWebhooks(app.repository);
    private final CallbackPolicy policy =
            CallbackPolicy.of(new DestinationRule(AllowedDestinations.NONE), dns, true, queueWebhooks);
    private final SubmitJob submit = new SubmitJob(app.store, app.clock, app.random, policy);
    private final ConfigureQueue configure = new ConfigureQueue(
            app.repository, new ListQueues(app.repository, app.repository, app.clock), app.clock, policy);

    private final GetJob get = new GetJob(app.store, app.repository);

    private DeliverWebhooks deliverer(Supplier<DeliveryOutcome> receiver) {
        WebhookTransport transport = message -> {
            sent.add(message);
            return receiver.get();
        };
        return new DeliverWebhooks(
                app.repository,
                transport,
                TWO_RETRIES,
                Duration.ofSeconds(10),
                app.clock,
                SERVICE_SECRET,
                queueWebhooks);
    }

    private static Supplier<DeliveryOutcome> answering(DeliveryOutcome... outcomes) {
        Deque<DeliveryOutcome> script = new ArrayDeque<>(List.of(outcomes));
        return script::removeFirst;
    }

    private Job completedJobWithCallback() {
        Job job = submit.submit(JobRequest.ofType("email.send").withCallbackUrl(URL))
                .job();
        Job running = app.lease
                .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, UseCases.LEASE))
                .getFirst();
        app.clock.advance(Duration.ofMillis(250));
        app.complete.complete(running.id(), running.leaseToken(), new Json("{\"sent\":true}"));
        return job;
    }

    @Test
    void a_receiver_answering_500_500_200_gets_three_attempts_of_one_event_and_the_job_shows_them() {
        Job job = completedJobWithCallback();
        DeliverWebhooks deliver = deliverer(answering(
                new DeliveryOutcome.Answered(500, "down"),
                new DeliveryOutcome.Answered(500, "still down"),
                new DeliveryOutcome.Answered(200, "ok")));

        assertThat(deliver.deliverDue()).hasSize(1);
        app.clock.advance(Duration.ofMillis(999));
        assertThat(deliver.deliverDue()).as("not due before the first delay").isEmpty();
        app.clock.advance(Duration.ofMillis(1));
        assertThat(deliver.deliverDue()).hasSize(1);
        app.clock.advance(Duration.ofSeconds(5));
        assertThat(deliver.deliverDue()).hasSize(1);
        app.clock.advance(Duration.ofHours(1));
        assertThat(deliver.deliverDue()).isEmpty();

        assertThat(sent).hasSize(3);
        assertThat(sent)
                .extracting(WebhookMessage::id)
                .containsOnly(sent.getFirst().id());
        assertThat(sent)
                .extracting(WebhookMessage::event)
                .containsOnly(sent.getFirst().event());
        assertThat(sent.getFirst().event().state()).isEqualTo(JobState.COMPLETED);
        assertThat(sent.getFirst().event().result()).isEqualTo(new Json("{\"sent\":true}"));
        assertThat(sent).extracting(message -> message.timestamp()).doesNotHaveDuplicates();
        WebhookDelivery delivery = get.webhooks(job.id()).getFirst();
        assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivery.attempts())
                .extracting(DeliveryAttempt::outcome)
                .containsExactly(
                        new DeliveryOutcome.Answered(500, "down"),
                        new DeliveryOutcome.Answered(500, "still down"),
                        new DeliveryOutcome.Answered(200, "ok"));
    }

    @Test
    void a_receiver_that_never_answers_makes_the_delivery_dead_and_leaves_the_job_completed() {
        Job job = completedJobWithCallback();
        DeliverWebhooks deliver = deliverer(DeliveryOutcome.TimedOut::new);

        for (int round = 0; round < 10; round++) {
            deliver.deliverDue();
            app.clock.advance(Duration.ofSeconds(5));
        }

        WebhookDelivery delivery = get.webhooks(job.id()).getFirst();
        assertThat(sent).hasSize(TWO_RETRIES.maxAttempts());
        assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(delivery.lastError()).isEqualTo("timed out on the last of 3 attempts");
        assertThat(app.get.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void a_transport_that_throws_counts_as_a_failed_connection_and_is_retried() {
        Job job = completedJobWithCallback();
        DeliverWebhooks deliver = deliverer(() -> {
            throw new IllegalStateException("boom");
        });

        deliver.deliverDue();

        WebhookDelivery delivery = get.webhooks(job.id()).getFirst();
        assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(delivery.attempts().getFirst().outcome())
                .isEqualTo(new DeliveryOutcome.ConnectionFailed("java.lang.IllegalStateException: boom"));
    }

    @Test
    void a_job_without_a_callback_url_is_never_sent() {
        submit.submit(JobRequest.ofType("email.send"));
        Job running = app.lease
                .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, UseCases.LEASE))
                .getFirst();
        app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT);

        assertThat(deliverer(answering()).deliverDue()).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void an_internal_destination_is_refused_at_submit_and_nothing_is_stored() {
        assertThatThrownBy(() -> submit.submitAll(List.of(
                        JobRequest.ofType("a"),
                        JobRequest.ofType("b").withCallbackUrl("https://internal.example.com/hook"))))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("jobs[1].callback_url"));
        assertThatThrownBy(() -> submit.submit(JobRequest.ofType("a").withCallbackUrl("http://hooks.example.com/")))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        invalid -> assertThat(invalid.problems().getFirst().problem())
                                .startsWith("must use https"));

        assertThat(app.list.list(new JobQuery(null, null, null, 10, null)).jobs())
                .isEmpty();
    }

    private static QueueChange webhookDefaults(CallbackUrl url, WebhookSecret secret) {
        return new QueueChange(
                Setting.keep(),
                Setting.keep(),
                Setting.keep(),
                Setting.keep(),
                Map.of(),
                url == null ? new Setting.Clear<>() : new Setting.To<>(url),
                secret == null ? new Setting.Clear<>() : new Setting.To<>(secret));
    }

    @Test
    void a_queue_default_is_given_to_jobs_that_name_none_and_its_secret_signs_their_deliveries() {
        configure.change(
                "mail", webhookDefaults(CallbackUrl.parse("https://hooks.example.com/mail"), MAIL_SECRET), "ops");
        Job defaulted = submit.submit(JobRequest.ofType("a").withQueue("mail")).job();
        Job own = submit.submit(JobRequest.ofType("a").withQueue("mail").withCallbackUrl(URL))
                .job();
        Job elsewhere = submit.submit(JobRequest.ofType("a")).job();

        assertThat(defaulted.callbackUrl()).isEqualTo(CallbackUrl.parse("https://hooks.example.com/mail"));
        assertThat(own.callbackUrl()).isEqualTo(CallbackUrl.parse(URL));
        assertThat(elsewhere.callbackUrl()).isNull();
        app.cancel.cancel(defaulted.id());
        app.cancel.cancel(own.id());
        app.cancel.cancel(elsewhere.id());
        submit.submit(JobRequest.ofType("a").withCallbackUrl(URL));
        Job running = app.lease
                .lease(new LeaseRequest("w", List.of("default"), Set.of(), 1, UseCases.LEASE))
                .getFirst();
        app.complete.complete(running.id(), running.leaseToken(), Json.EMPTY_OBJECT);
        deliverer(answering(
                        new DeliveryOutcome.Answered(200, ""),
                        new DeliveryOutcome.Answered(200, ""),
                        new DeliveryOutcome.Answered(200, "")))
                .deliverDue();

        assertThat(sent).hasSize(3);
        assertThat(sent)
                .filteredOn(message -> message.event().queue().equals("mail"))
                .extracting(WebhookMessage::secret)
                .containsOnly(MAIL_SECRET);
        assertThat(sent)
                .filteredOn(message -> message.event().queue().equals("default"))
                .extracting(WebhookMessage::secret)
                .containsExactly(SERVICE_SECRET);
    }

    @Test
    void a_queue_default_to_an_internal_destination_is_refused() {
        assertThatThrownBy(() -> configure.change(
                        "mail", webhookDefaults(CallbackUrl.parse("https://internal.example.com/x"), null), "ops"))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("callback_url"));
        assertThat(submit.submit(JobRequest.ofType("a").withQueue("mail")).job().callbackUrl())
                .isNull();
    }

    @Test
    void without_a_secret_a_callback_url_is_refused() {
        assertThatThrownBy(() -> app.submit.submit(JobRequest.ofType("a").withCallbackUrl(URL)))
                .isInstanceOfSatisfying(
                        JobValidationException.class,
                        invalid -> assertThat(invalid.problems())
                                .containsExactly(new FieldProblem(
                                        "callback_url",
                                        "is not taken: webhooks are off until JOBS_WEBHOOK_SECRET is set")));
    }
}
