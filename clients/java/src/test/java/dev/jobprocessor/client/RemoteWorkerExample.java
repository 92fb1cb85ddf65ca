package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobprocessor.client.worker.HandlerResult;
import dev.jobprocessor.client.worker.RemoteWorker;
import java.net.URI;
import java.time.Duration;

/**
 * The README's remote worker, runnable: {@code main} runs handlers for {@code email.send} jobs of the {@code mail}
 * queue at the service at {@code JOBS_URL} (token in {@code JOBS_TOKEN}) until the process is stopped. The code
 * between the {@code README} markers is shown in the README word for word, and {@code ClientReadmeTest} runs it
 * against the jar.
 */
public final class RemoteWorkerExample {

    private RemoteWorkerExample() {}

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("JOBS_URL", "http://127.0.0.1:8080");
        start(url, System.getenv("JOBS_TOKEN"));
    }

    static RemoteWorker start(String url, String token) {
        // README:start
        JobsClient client = JobsClient.builder(URI.create(url)).token(token).build();

        RemoteWorker worker = RemoteWorker.builder(client, "mailer-1")
                .queues("mail")
                .concurrency(20) // each attempt on its own virtual thread, at most 20 at once
                .handler("email.send", job -> {
                    String to = job.payload().path("to").asText();
                    if (to.isEmpty()) {
                        return HandlerResult.permanent("no recipient"); // failed at once, not retried
                    }
                    return HandlerResult.success(
                            JsonNodeFactory.instance.objectNode().put("sent_to", to));
                })
                .build();
        worker.start();
        // On shutdown: wait up to 10 s for running attempts, hand the rest back to the queue uncounted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> worker.stop(Duration.ofSeconds(10))));
        // README:end
        return worker;
    }
}
