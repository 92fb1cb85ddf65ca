package dev.jobprocessor.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.time.Duration;

/**
 * The README's "The Java client", runnable: {@code main} submits a job to the service at {@code JOBS_URL} (with the
 * token in {@code JOBS_TOKEN}, if any) and waits for it to finish. The code between the {@code README} markers is
 * shown in the README word for word ({@code ClientReadmeTest}), and {@code ClientReadmeTest} runs it against the jar.
 */
public final class ClientExample {

    private ClientExample() {}

    public static void main(String[] args) throws InterruptedException {
        String url = System.getenv().getOrDefault("JOBS_URL", "http://127.0.0.1:8080");
        System.out.println(run(url, System.getenv("JOBS_TOKEN")).state());
    }

    static Job run(String url, String token) throws InterruptedException {
        // README:start
        JobsClient client = JobsClient.builder(URI.create(url)).token(token).build();

        Job job = client.submit(NewJob.ofType("echo")
                .withPayload(JsonNodeFactory.instance.objectNode().put("to", "a@example.com"))
                .withIdempotencyKey("welcome-mail-42")); // safe to send again: it is retried on 503 or no answer

        while (!job.isFinished()) {
            Thread.sleep(Duration.ofMillis(100));
            job = client.get(job.id());
        }
        // README:end
        return job;
    }
}
