package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jobprocessor.client.worker.RemoteWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's client examples are {@link ClientExample}'s and {@link RemoteWorkerExample}'s code, word for word, and
 * they run against the jar.
 */
class ClientReadmeTest {

    private static final Path README = Path.of("..", "..", "README.md");
    private static final Path EXAMPLES = Path.of("src/test/java/dev/jobprocessor/client");

    @Test
    void theReadmeShowsTheExamplesAndTheyRun() throws Exception {
        assertThat(readmeBlock("## The Java client")).isEqualTo(markedCode("ClientExample.java"));
        assertThat(readmeBlock("### A remote worker")).isEqualTo(markedCode("RemoteWorkerExample.java"));

        try (RunningService service = new RunningService()) {
            Job job = ClientExample.run(service.base.toString(), RunningService.TOKEN);

            assertThat(job.state()).isEqualTo("completed");
            assertThat(job.result())
                    .hasValueSatisfying(
                            result -> assertThat(result.path("to").asText()).isEqualTo("a@example.com"));

            try (RemoteWorker worker = RemoteWorkerExample.start(service.base.toString(), RunningService.TOKEN)) {
                JobsClient client = JobsClient.builder(service.base)
                        .token(RunningService.TOKEN)
                        .build();
                Job sent = client.submit(NewJob.ofType("email.send")
                        .inQueue("mail")
                        .withPayload(JsonNodeFactory.instance.objectNode().put("to", "b@example.com")));
                Job unaddressed = client.submit(NewJob.ofType("email.send").inQueue("mail"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!sent.isFinished() || !unaddressed.isFinished()) {
                    assertThat(System.nanoTime())
                            .as("both finished within 30 s")
                            .isLessThan(deadline);
                    Thread.sleep(50);
                    sent = client.get(sent.id());
                    unaddressed = client.get(unaddressed.id());
                }

                assertThat(sent.state()).isEqualTo("completed");
                assertThat(sent.result())
                        .hasValueSatisfying(result ->
                                assertThat(result.path("sent_to").asText()).isEqualTo("b@example.com"));
                assertThat(unaddressed.state()).isEqualTo("failed");
                assertThat(unaddressed.lastError()).contains("no recipient");
                assertThat(worker.inFlight()).isZero();
            }
        }
    }

    /** The code between an example's {@code README} markers, without the method body's indentation. */
    private static String markedCode(String file) throws IOException {
        List<String> source = Files.readAllLines(EXAMPLES.resolve(file));
        StringBuilder code = new StringBuilder();
        for (String line :
                source.subList(indexOf(source, "// README:start", 0) + 1, indexOf(source, "// README:end", 0))) {
            code.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        return code.toString();
    }

    /** The first {@code java} code block after the README's {@code heading}. */
    private static String readmeBlock(String heading) throws IOException {
        List<String> readme = Files.readAllLines(README);
        int start = indexOf(readme, "```java", indexOf(readme, heading, 0)) + 1;
        int end = indexOf(readme, "```", start);
        StringBuilder text = new StringBuilder();
        readme.subList(start, end).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line \"" + marker + "\" after line " + from);
    }
}
