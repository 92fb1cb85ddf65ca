package dev.jobprocessor.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Guarantee 4: 50 concurrent identical submissions with one idempotency key create exactly one job. */
class IdempotentSubmitTest {

    @Test
    void fiftyConcurrentDuplicatesCreateOneJob() throws Exception {
        String database = "idempotent_submit";
        String url = Services.migratedDatabase(database);
        int port = ServiceProcess.freePort();
        try (ServiceProcess api = Services.start("idempotent-api", "api", url, port, Map.of());
                ExecutorService clients = Executors.newFixedThreadPool(50)) {
            Api client = new Api(port);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return client.send(HttpRequest.newBuilder(URI.create(client.base() + "/jobs"))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "order-2026-11-22-0001")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"type\":\"noop\",\"payload\":{\"order\":1}}")));
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get());
            }

            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(49);
            assertThat(responses.stream().map(r -> r.text("/id")).distinct()).hasSize(1);
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isEqualTo(1);

            // the same key with a different request is a conflict, and changes nothing
            Api.Response conflicting = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/jobs"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "order-2026-11-22-0001")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"noop\",\"payload\":{\"order\":2}}")));
            assertThat(conflicting.status()).isEqualTo(409);
            assertThat(conflicting.text("/error/code")).isEqualTo("idempotency_conflict");
            assertThat(Suite.count(database, "SELECT count(*) FROM jobs")).isEqualTo(1);
            assertThat(api.isAlive()).isTrue();
            Suite.report(
                    "idempotent submit",
                    "50 concurrent identical requests -> 1 job (one 201, 49 x 200, one id); a different request with"
                            + " the same key -> 409 idempotency_conflict, still 1 job");
        }
    }
}
