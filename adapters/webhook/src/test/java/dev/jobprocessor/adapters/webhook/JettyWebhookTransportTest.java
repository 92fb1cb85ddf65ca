package dev.jobprocessor.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jobprocessor.application.port.AddressResolver;
import dev.jobprocessor.application.port.WebhookMessage;
import dev.jobprocessor.domain.CallbackUrl;
import dev.jobprocessor.domain.JobId;
import dev.jobprocessor.domain.JobState;
import dev.jobprocessor.domain.Json;
import dev.jobprocessor.domain.WebhookSecret;
import dev.jobprocessor.domain.webhook.AllowedDestinations;
import dev.jobprocessor.domain.webhook.DeliveryOutcome;
import dev.jobprocessor.domain.webhook.DestinationRule;
import dev.jobprocessor.domain.webhook.WebhookEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against a receiver on a real loopback socket. */
class JettyWebhookTransportTest {

    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final Instant ENDED = Instant.parse("2026-12-04T05:00:00Z");

    private HttpServer receiver;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private JettyWebhookTransport transport;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/ok", exchange -> answer(exchange, 200, "x".repeat(5_000)));
        receiver.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/target");
            answer(exchange, 302, "");
        });
        receiver.createContext("/target", exchange -> {
            redirectTargetHits.incrementAndGet();
            answer(exchange, 200, "");
        });
        receiver.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "");
        });
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        if (transport != null) {
            transport.close();
        }
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        received.add(Map.of(
                "path", exchange.getRequestURI().getPath(),
                "id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                "signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"))));
        bodies.put(exchange.getRequestURI().getPath(), new String(request, StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    private JettyWebhookTransport transport(String allowed, AddressResolver resolver, Duration timeout) {
        transport =
                new JettyWebhookTransport(new DestinationRule(AllowedDestinations.parse(allowed)), resolver, timeout);
        return transport;
    }

    private JettyWebhookTransport allowingReceiver() {
        return transport(
                "127.0.0.1:" + receiver.getAddress().getPort(), new SystemAddressResolver(), Duration.ofSeconds(2));
    }

    private static WebhookMessage message(String url) {
        WebhookEvent event = new WebhookEvent(
                new JobId(UUID.fromString("0193a7c0-0000-7000-8000-000000000001")),
                "email.send",
                "default",
                JobState.COMPLETED,
                1,
                5,
                new Json("{\"sent\":true}"),
                null,
                ENDED.minusSeconds(2),
                ENDED.minusSeconds(1),
                ENDED);
        return new WebhookMessage("msg_test", CallbackUrl.parse(url), ENDED.plusSeconds(1), ENDED, event, SECRET);
    }

    @Test
    void posts_the_event_signed_as_standard_webhooks_says_and_keeps_an_excerpt_of_the_answer() {
        DeliveryOutcome outcome = allowingReceiver().post(message(base() + "/ok"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Answered.class);
        DeliveryOutcome.Answered answered = (DeliveryOutcome.Answered) outcome;
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.excerpt()).hasSize(JettyWebhookTransport.EXCERPT_BYTES);
        Map<String, String> headers = received.getFirst();
        String body = bodies.get("/ok");
        assertThat(headers.get("id")).isEqualTo("msg_test");
        assertThat(headers.get("timestamp"))
                .isEqualTo(Long.toString(ENDED.plusSeconds(1).getEpochSecond()));
        assertThat(headers.get("signature"))
                .isEqualTo(StandardWebhookSignature.sign(
                        SECRET, "msg_test", ENDED.plusSeconds(1).getEpochSecond(), body));
        assertThat(body)
                .isEqualTo("{\"type\":\"job.completed\",\"timestamp\":\"2026-12-04T05:00:00Z\",\"data\":{"
                        + "\"id\":\"0193a7c0-0000-7000-8000-000000000001\",\"type\":\"email.send\",\"queue\":\"default\","
                        + "\"state\":\"completed\",\"attempts\":1,\"max_attempts\":5,\"result\":{\"sent\":true},"
                        + "\"last_error\":null,\"created_at\":\"2026-12-04T04:59:58Z\","
                        + "\"started_at\":\"2026-12-04T04:59:59Z\",\"finished_at\":\"2026-12-04T05:00:00Z\"}}");
    }

    @Test
    void never_follows_a_redirect() {
        DeliveryOutcome outcome = allowingReceiver().post(message(base() + "/redirect"));

        assertThat(outcome).isEqualTo(new DeliveryOutcome.Answered(302, ""));
        assertThat(redirectTargetHits).hasValue(0);
        assertThat(outcome.retryable()).isFalse();
    }

    @Test
    void a_receiver_slower_than_the_time_out_is_a_time_out() {
        DeliveryOutcome outcome = transport(
                        "127.0.0.1:" + receiver.getAddress().getPort(),
                        new SystemAddressResolver(),
                        Duration.ofMillis(500))
                .post(message(base() + "/slow"));

        assertThat(outcome).isEqualTo(new DeliveryOutcome.TimedOut());
    }

    @Test
    void a_closed_port_is_a_connection_failure() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DeliveryOutcome outcome = transport("127.0.0.1:" + closed, new SystemAddressResolver(), Duration.ofSeconds(2))
                .post(message("http://127.0.0.1:" + closed + "/ok"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.ConnectionFailed.class);
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void a_loopback_destination_that_is_not_allowed_is_refused_and_nothing_is_sent() {
        DeliveryOutcome plain = transport("", new SystemAddressResolver(), Duration.ofSeconds(2))
                .post(message(base() + "/ok"));
        DeliveryOutcome tls = transport.post(
                message("https://127.0.0.1:" + receiver.getAddress().getPort() + "/ok"));

        assertThat(plain).isInstanceOf(DeliveryOutcome.Refused.class);
        assertThat(((DeliveryOutcome.Refused) tls).reason()).contains("127.0.0.1, a loopback address");
        assertThat(received).isEmpty();
    }

    /**
     * A name that resolves to a public address when the URL is checked and to loopback when the connection is made
     * (DNS rebinding): the connection's own lookup is judged too, so nothing reaches the loopback receiver.
     */
    @Test
    void a_name_that_resolves_elsewhere_when_connecting_is_refused() throws UnknownHostException {
        InetAddress publicAddress = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
        AtomicInteger lookups = new AtomicInteger();
        AddressResolver rebinding = host ->
                lookups.getAndIncrement() == 0 ? List.of(publicAddress) : List.of(InetAddress.getLoopbackAddress());

        DeliveryOutcome outcome = transport("", rebinding, Duration.ofSeconds(2))
                .post(message("https://rebind.example:" + receiver.getAddress().getPort() + "/ok"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Refused.class);
        assertThat(((DeliveryOutcome.Refused) outcome).reason()).contains("loopback");
        assertThat(lookups).hasValue(2);
        assertThat(received).isEmpty();
    }
}
