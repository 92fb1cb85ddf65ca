package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed completion webhooks sent by the real service (docs/WEBHOOKS.md): a receiver that answers 500, 500 and then
 * 200 gets three deliveries of one event, each signed as Standard Webhooks says and verified here the way the docs
 * tell a receiver to; a receiver that never answers makes the delivery dead and leaves the job as it was; a loopback
 * callback URL that is not allowed is refused at submit.
 */
class WebhookTest {

    /** A secret as an operator makes one: whsec_ and the base64 of 32 random bytes (here fixed). */
    private static final String SECRET = "whsec_"
            + Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                29, 30, 31, 32
            });

    /** One request as the receiver saw it. */
    record Received(String id, String timestamp, String signature, String body, Instant at) {}

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceivers() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8),
                    Instant.now()));
            int status = answered.incrementAndGet() <= 2 ? 500 : 200;
            byte[] answer = (status == 500 ? "busy, try later" : "thanks").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        // Accepts connections and never answers on them.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopReceivers() throws IOException {
        receiver.stop(0);
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    /** What docs/WEBHOOKS.md tells a receiver to do: HMAC-SHA256 of "id.timestamp.body" with the decoded secret. */
    private static boolean verifies(Received request) {
        return verifies(request, SECRET);
    }

    private static boolean verifies(Received request, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal(
                    (request.id() + "." + request.timestamp() + "." + request.body()).getBytes(StandardCharsets.UTF_8));
            String wanted = "v1," + Base64.getEncoder().encodeToString(expected);
            for (String signature : request.signature().split(" ")) {
                if (java.security.MessageDigest.isEqual(
                        signature.getBytes(StandardCharsets.US_ASCII), wanted.getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliveriesAreSignedRetriedDeadWhenUnansweredAndInternalDestinationsAreRefused() throws IOException {
        String database = "webhooks";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        int receiverPort = receiver.getAddress().getPort();
        int silentPort = silent.getLocalPort();
        Map<String, String> webhooks = Map.of(
                "JOBS_WEBHOOK_SECRET", SECRET,
                "JOBS_WEBHOOK_ALLOWED_DESTINATIONS", "127.0.0.1:" + receiverPort + ",127.0.0.1:" + silentPort,
                "JOBS_WEBHOOK_BACKOFF", "1s,1s",
                "JOBS_WEBHOOK_TIMEOUT_SECONDS", "1",
                "JOBS_WEBHOOK_INTERVAL_MS", "100",
                "JOBS_QUEUES", "default,signed");
        // Without an allow-list: the receiver's own loopback URL is refused at submit, over http and https alike.
        int openPort = ServiceProcess.freePort();
        try (ServiceProcess open =
                Services.start("webhooks-no-allow-list", "api", url, openPort, Map.of("JOBS_WEBHOOK_SECRET", SECRET))) {
            Api client = new Api(openPort);
            Api.Response plain = client.post(
                    "/jobs", "{\"type\":\"noop\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/hooks\"}");
            Api.Response tls = client.post(
                    "/jobs", "{\"type\":\"noop\",\"callback_url\":\"https://127.0.0.1:" + receiverPort + "/hooks\"}");
            assertThat(plain.status()).as(String.valueOf(plain.body())).isEqualTo(400);
            assertThat(plain.body().at("/error/details/0/problem").asText()).startsWith("must use https");
            assertThat(tls.status()).as(String.valueOf(tls.body())).isEqualTo(400);
            assertThat(tls.body().at("/error/details/0/problem").asText())
                    .contains("resolves to 127.0.0.1, a loopback address");
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isZero();
            assertThat(received).isEmpty();
            assertThat(open.isAlive()).isTrue();
        }
        try (ServiceProcess service = Services.start("webhooks", "serve", url, port, webhooks)) {
            Api client = new Api(port);

            // A loopback destination the allow-list does not name: refused at submit, nothing stored.
            Api.Response refused = client.post(
                    "/jobs",
                    "{\"type\":\"noop\",\"callback_url\":\"http://127.0.0.1:" + (silentPort + 1) + "/hooks\"}");
            Api.Response refusedTls =
                    client.post("/jobs", "{\"type\":\"noop\",\"callback_url\":\"https://127.0.0.1/hooks\"}");
            assertThat(refused.status()).as(String.valueOf(refused.body())).isEqualTo(400);
            assertThat(refused.body().at("/error/details/0/field").asText()).isEqualTo("callback_url");
            assertThat(refusedTls.status()).isEqualTo(400);
            assertThat(refusedTls.body().at("/error/details/0/problem").asText())
                    .contains("resolves to 127.0.0.1, a loopback address");
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isZero();

            // 500, 500, 200: three deliveries of one event, each signed, the same webhook-id on every one.
            Api.Response submitted = client.post(
                    "/jobs",
                    "{\"type\":\"echo\",\"payload\":{\"order\":42},\"callback_url\":\"http://127.0.0.1:" + receiverPort
                            + "/hooks\"}");
            assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
            String id = submitted.text("/id");
            JsonNode delivered = client.await(
                            "/jobs/" + id,
                            job -> job.body().at("/webhooks/0/state").asText().equals("delivered"),
                            Duration.ofSeconds(30))
                    .body();
            assertThat(received).hasSize(3);
            assertThat(received)
                    .extracting(Received::id)
                    .containsOnly(received.getFirst().id());
            assertThat(received).allMatch(WebhookTest::verifies, "carries a valid v1 signature");
            assertThat(received)
                    .extracting(Received::body)
                    .containsOnly(received.getFirst().body());
            for (Received request : received) {
                long sentAt = Long.parseLong(request.timestamp());
                assertThat(Math.abs(sentAt - request.at().getEpochSecond())).isLessThanOrEqualTo(5);
            }
            assertThat(received.get(1).at())
                    .isAfterOrEqualTo(received.get(0).at().plusMillis(900));
            JsonNode event = Api.JSON.readTree(received.getFirst().body());
            assertThat(event.get("type").asText()).isEqualTo("job.completed");
            assertThat(event.at("/data/id").asText()).isEqualTo(id);
            assertThat(event.at("/data/state").asText()).isEqualTo("completed");
            assertThat(event.at("/data/result/order").asInt()).isEqualTo(42);
            JsonNode delivery = delivered.at("/webhooks/0");
            assertThat(delivery.get("id").asText())
                    .isEqualTo(received.getFirst().id());
            List<Integer> statuses = new ArrayList<>();
            delivery.get("history")
                    .forEach(attempt -> statuses.add(attempt.get("status").asInt()));
            assertThat(statuses).containsExactly(500, 500, 200);
            assertThat(delivery.at("/history/0/detail").asText()).isEqualTo("busy, try later");

            // A receiver that never answers: three timed-out attempts, the delivery dead, the job still completed.
            String silentJob = client.post(
                            "/jobs",
                            "{\"type\":\"noop\",\"callback_url\":\"http://127.0.0.1:" + silentPort + "/hooks\"}")
                    .text("/id");
            JsonNode dead = client.await(
                            "/jobs/" + silentJob,
                            job -> job.body().at("/webhooks/0/state").asText().equals("dead"),
                            Duration.ofSeconds(30))
                    .body();
            assertThat(dead.get("state").asText()).isEqualTo("completed");
            List<String> outcomes = new ArrayList<>();
            dead.at("/webhooks/0/history")
                    .forEach(attempt -> outcomes.add(attempt.get("outcome").asText()));
            assertThat(outcomes).containsExactly("timed_out", "timed_out", "timed_out");
            assertThat(dead.at("/webhooks/0/last_error").asText()).isEqualTo("timed out on the last of 3 attempts");

            // A queue with a default URL and a secret of its own: its jobs get the URL and are signed with its secret.
            String queueSecret = "whsec_"
                    + Base64.getEncoder()
                            .encodeToString("queue-secret-of-32-bytes-long!!!".getBytes(StandardCharsets.US_ASCII));
            Api.Response configured = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(client.base() + "/queues/signed"))
                    .header("Content-Type", "application/json")
                    .method(
                            "PATCH",
                            java.net.http.HttpRequest.BodyPublishers.ofString("{\"callback_url\":\"http://127.0.0.1:"
                                    + receiverPort + "/hooks\",\"webhook_secret\":\"" + queueSecret + "\"}")));
            assertThat(configured.status())
                    .as(String.valueOf(configured.body()))
                    .isEqualTo(200);
            assertThat(configured.body().get("webhook_secret_set").asBoolean()).isTrue();
            Api.Response queued = client.post("/jobs", "{\"type\":\"noop\",\"queue\":\"signed\"}");
            String queuedId = queued.text("/id");
            client.await(
                    "/jobs/" + queuedId,
                    job -> job.body().at("/webhooks/0/state").asText().equals("delivered"),
                    Duration.ofSeconds(30));
            Received signed = received.getLast();
            assertThat(Api.JSON.readTree(signed.body()).at("/data/id").asText()).isEqualTo(queuedId);
            assertThat(verifies(signed, queueSecret))
                    .as("signed with the queue's secret")
                    .isTrue();
            assertThat(verifies(signed)).as("not with the service's").isFalse();

            assertThat(client.text("/metrics"))
                    .contains("webhook_attempts_total{outcome=\"answered\",result=\"retry\",} 2.0")
                    .contains("webhook_attempts_total{outcome=\"timed_out\",result=\"dead\",} 1.0");
            assertThat(service.output())
                    .contains("webhook " + dead.at("/webhooks/0/id").asText());
            assertThat(service.isAlive()).isTrue();
            assertThat(service.output())
                    .doesNotContain(SECRET.substring("whsec_".length()))
                    .doesNotContain(queueSecret.substring("whsec_".length()));
            Suite.report(
                    "signed completion webhooks",
                    "500, 500, 200 → 3 deliveries with one webhook-id, every signature valid, history 500/500/200;"
                            + " a silent receiver → 3 timed-out attempts, delivery dead, job completed; loopback"
                            + " callback_url → 400 without an allow-list and outside one; a queue's default URL and secret used for its"
                            + " jobs");
        }
    }
}
