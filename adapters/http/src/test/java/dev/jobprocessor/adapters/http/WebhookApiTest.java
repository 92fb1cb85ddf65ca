package dev.jobprocessor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobprocessor.adapters.http.TestServer.Response;
import dev.jobprocessor.domain.webhook.AllowedDestinations;
import dev.jobprocessor.domain.webhook.DestinationRule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/WEBHOOKS.md over a real socket: callback URLs checked at submit, and the deliveries shown on the job. */
class WebhookApiTest {

    /** Webhooks on, with one loopback destination allowed (port 9, which nothing here listens on). */
    private final TestServer server =
            new TestServer(new DestinationRule(AllowedDestinations.parse("127.0.0.1:9")), WebhookApiTest::resolve);

    private static final String SECRET = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAx";

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static List<String> problems(Response response) {
        List<String> problems = new ArrayList<>();
        response.body()
                .at("/error/details")
                .forEach(d -> problems.add(
                        d.get("field").asText() + ": " + d.get("problem").asText()));
        return problems;
    }

    @Test
    void a_loopback_callback_url_that_is_not_allowed_is_a_400_and_nothing_is_stored() {
        Response plain = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"http://127.0.0.1:8080/hook\"}");
        Response tls = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"https://127.0.0.1/hook\"}");
        Response ipv6 = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"https://[::1]:9/hook\"}");

        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body().at("/error/code").asText()).isEqualTo("validation_failed");
        assertThat(problems(plain))
                .containsExactly("callback_url: must use https: plain http is allowed only to"
                        + " destinations named in JOBS_WEBHOOK_ALLOWED_DESTINATIONS");
        assertThat(tls.status()).isEqualTo(400);
        assertThat(problems(tls)).singleElement().asString().contains("resolves to 127.0.0.1, a loopback address");
        assertThat(ipv6.status()).isEqualTo(400);
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void a_malformed_callback_url_is_a_400_naming_the_field() {
        Response relative = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"/hooks\"}");
        Response number = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":7}");

        assertThat(problems(relative)).containsExactly("callback_url: must be an absolute https URL");
        assertThat(number.status()).isEqualTo(400);
        assertThat(problems(number)).singleElement().asString().startsWith("callback_url: ");
    }

    @Test
    void one_bad_callback_url_in_a_batch_refuses_the_batch() {
        Response batch = server.post(
                "/jobs/batch",
                "{\"jobs\":[{\"type\":\"a\",\"callback_url\":\"http://127.0.0.1:9/ok\"},"
                        + "{\"type\":\"b\",\"callback_url\":\"https://10.0.0.1/hook\"}]}");

        assertThat(batch.status()).isEqualTo(400);
        assertThat(problems(batch)).singleElement().asString().startsWith("jobs[1].callback_url: ");
        assertThat(server.get("/jobs").body().get("jobs")).isEmpty();
    }

    @Test
    void an_allowed_destination_is_taken_and_the_job_shows_its_delivery_once_it_ends() {
        Response submitted = server.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"http://127.0.0.1:9/hook\"}");
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.body().get("id").asText();
        assertThat(submitted.body().get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(server.get("/jobs/" + id).body().get("webhooks")).isEmpty();

        JsonNode leased = server.post("/leases", "{\"worker_id\":\"w\",\"queues\":[\"default\"],\"limit\":1}")
                .body()
                .at("/jobs/0");
        server.post(
                "/jobs/" + id + "/complete",
                "{\"lease_token\":\"" + leased.get("lease_token").asText() + "\",\"result\":{\"n\":1}}");

        JsonNode webhooks = server.get("/jobs/" + id).body().get("webhooks");
        assertThat(webhooks).hasSize(1);
        JsonNode delivery = webhooks.get(0);
        assertThat(delivery.get("id").asText()).startsWith("msg_");
        assertThat(delivery.get("event").asText()).isEqualTo("job.completed");
        assertThat(delivery.get("url").asText()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(delivery.get("state").asText()).isEqualTo("pending");
        assertThat(delivery.get("attempts").asInt()).isZero();
        assertThat(delivery.get("history")).isEmpty();
        assertThat(delivery.get("next_attempt_at").asText())
                .isEqualTo(delivery.get("created_at").asText());
    }

    @Test
    void a_job_without_a_callback_url_shows_neither_field_filled() {
        String id = server.post("/jobs", "{\"type\":\"a\"}").body().get("id").asText();

        JsonNode job = server.get("/jobs/" + id).body();
        assertThat(job.get("callback_url").isNull()).isTrue();
        assertThat(job.has("webhooks")).isFalse();
    }

    @Test
    void templates_do_not_take_a_callback_url_yet() {
        Response schedule = server.send(
                java.net.http.HttpRequest.newBuilder(server.uri("/schedules/nightly"))
                        .header("Content-Type", "application/json")
                        .PUT(
                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"cron\":\"0 3 * * *\",\"job\":{\"type\":\"a\",\"callback_url\":\"https://hooks.example/x\"}}")));
        Response batch = server.post(
                "/batches",
                "{\"jobs\":[{\"type\":\"a\"}],\"on_finish\":{\"type\":\"r\",\"callback_url\":\"https://hooks.example/x\"}}");

        assertThat(problems(schedule)).contains("job.callback_url: is not taken in a schedule's job yet");
        assertThat(problems(batch)).contains("on_finish.callback_url: is not taken in a callback job yet");
    }

    private Response patch(String queue, String body) {
        return server.send(java.net.http.HttpRequest.newBuilder(server.uri("/queues/" + queue))
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void a_queue_default_is_shown_without_its_secret_and_given_to_the_jobs_that_name_none() {
        Response configured =
                patch("mail", "{\"callback_url\":\"http://127.0.0.1:9/mail\",\"webhook_secret\":\"" + SECRET + "\"}");

        assertThat(configured.status()).as(configured.raw().body()).isEqualTo(200);
        assertThat(configured.body().get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/mail");
        assertThat(configured.body().get("webhook_secret_set").asBoolean()).isTrue();
        assertThat(configured.raw().body()).doesNotContain(SECRET.substring("whsec_".length()));
        assertThat(server.get("/queues/mail").raw().body()).doesNotContain(SECRET.substring("whsec_".length()));
        assertThat(server.get("/queues").raw().body()).doesNotContain(SECRET.substring("whsec_".length()));
        Response defaulted = server.post("/jobs", "{\"type\":\"a\",\"queue\":\"mail\"}");
        Response own =
                server.post("/jobs", "{\"type\":\"a\",\"queue\":\"mail\",\"callback_url\":\"http://127.0.0.1:9/own\"}");
        assertThat(defaulted.body().get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/mail");
        assertThat(own.body().get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/own");

        Response cleared = patch("mail", "{\"callback_url\":null,\"webhook_secret\":null}");
        assertThat(cleared.body().get("callback_url").isNull()).isTrue();
        assertThat(cleared.body().get("webhook_secret_set").asBoolean()).isFalse();
        assertThat(server.post("/jobs", "{\"type\":\"a\",\"queue\":\"mail\"}")
                        .body()
                        .get("callback_url")
                        .isNull())
                .isTrue();
    }

    @Test
    void a_bad_queue_default_is_a_400_that_never_quotes_the_secret() {
        Response badSecret = patch("mail", "{\"webhook_secret\":\"whsec_tooshort\"}");
        Response internal = patch("mail", "{\"callback_url\":\"https://10.0.0.1/hook\"}");

        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(problems(badSecret)).singleElement().asString().startsWith("webhook_secret: ");
        assertThat(badSecret.raw().body()).doesNotContain("tooshort");
        assertThat(internal.status()).isEqualTo(400);
        assertThat(problems(internal)).singleElement().asString().contains("10.0.0.1, a private address");
        assertThat(server.get("/queues/mail").status()).isEqualTo(404);
    }

    @Test
    void with_webhooks_off_a_callback_url_is_refused_saying_how_to_turn_them_on() {
        try (TestServer off = new TestServer()) {
            Response refused = off.post("/jobs", "{\"type\":\"a\",\"callback_url\":\"https://hooks.example/x\"}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(problems(refused))
                    .containsExactly("callback_url: is not taken: webhooks are off until JOBS_WEBHOOK_SECRET is set");
        }
    }
}
