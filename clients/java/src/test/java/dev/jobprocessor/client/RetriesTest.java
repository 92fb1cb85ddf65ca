package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the client sends a call again. The service cannot be made unavailable on demand, so a server on a real loopback
 * socket plays it: it answers {@code 503} with {@code Retry-After: 0} the first {@link #failures} times, then as the
 * service would.
 */
class RetriesTest {

    private static final String JOB = """
            {"id":"01890000-0000-7000-8000-000000000001","type":"noop","queue":"default","state":"pending",
             "attempts":0,"max_attempts":3,"payload":{},"created_at":"2026-12-04T08:00:00Z"}""";

    private final AtomicInteger requests = new AtomicInteger();
    private int failures;
    private HttpServer server;
    private JobsClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            if (requests.incrementAndGet() <= failures) {
                body = "{\"error\":{\"code\":\"unavailable\",\"message\":\"the job store is unavailable\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Retry-After", "0");
                exchange.sendResponseHeaders(503, body.length);
            } else {
                body = JOB.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, body.length);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = JobsClient.builder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .firstBackoff(Duration.ofMillis(1))
                .attempts(4)
                .build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aKeyedSubmitIsSentAgainUntilTheServiceIsBack() {
        failures = 3;

        Job job = client.submit(NewJob.ofType("noop").withIdempotencyKey("k-1"));

        assertThat(job.id()).isEqualTo("01890000-0000-7000-8000-000000000001");
        assertThat(requests).hasValue(4);
    }

    @Test
    void aSubmitWithoutAKeyIsSentOnceAndTheUnavailableAnswerReachesTheCaller() {
        failures = 1;

        assertThatThrownBy(() -> client.submit(NewJob.ofType("noop")))
                .isInstanceOfSatisfying(
                        JobsException.Unavailable.class,
                        unavailable -> assertThat(unavailable.retryAfter()).contains(Duration.ZERO));
        assertThat(requests).hasValue(1);
    }

    @Test
    void aQueueChangeIsSentAgainButAScheduleTriggerOnlyOnce() {
        failures = 2;

        client.pauseQueue("mail"); // the answer is a job here: only the count of requests matters
        assertThat(requests).hasValue(3);

        requests.set(0);
        failures = 1;
        assertThatThrownBy(() -> client.triggerSchedule("nightly")).isInstanceOf(JobsException.Unavailable.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void readsAreSentAgainAndGiveUpAfterTheLastAttempt() {
        failures = 10;

        assertThatThrownBy(() -> client.get("01890000-0000-7000-8000-000000000001"))
                .isInstanceOf(JobsException.Unavailable.class);
        assertThat(requests).hasValue(4);
    }

    @Test
    void anAnswerThatIsNotTheEnvelopeIsAFailureWithItsStatus() {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            byte[] body = "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        assertThatThrownBy(() -> client.get("01890000-0000-7000-8000-000000000001"))
                .isInstanceOfSatisfying(JobsException.Failed.class, failed -> {
                    assertThat(failed.status()).isEqualTo(502);
                    assertThat(failed.code()).isEqualTo("http_502");
                    assertThat(failed.error()).isEmpty();
                });
    }

    @Test
    void noAnswerAtAllIsUnreachableAfterTheRetries() {
        server.stop(0);

        assertThatThrownBy(() -> client.get("01890000-0000-7000-8000-000000000001"))
                .isInstanceOf(JobsException.Unreachable.class);
    }
}
