package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.jobprocessor.client.worker.HandlerResult;
import dev.jobprocessor.client.worker.RemoteWorker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A remote worker outlives answers it cannot read: a proxy's HTML page where the lease answer should be does not end
 * its lease loop, which goes on asking once the service answers again.
 */
class RemoteWorkerOutageTest {

    @Test
    void theLeaseLoopGoesOnAfterAnswersThatAreNotJson() throws IOException, InterruptedException {
        AtomicInteger leases = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/leases", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = (leases.incrementAndGet() <= 2 ? "<html>proxy</html>" : "{\"jobs\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        JobsClient client = JobsClient.builder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .build();
        try (RemoteWorker worker = RemoteWorker.builder(client, "outage-1")
                .longPoll(Duration.ZERO)
                .handler("any", job -> HandlerResult.success())
                .build()) {
            worker.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (leases.get() < 5) {
                assertThat(System.nanoTime())
                        .as("lease requests after two unreadable answers")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            server.stop(0);
        }
    }
}
