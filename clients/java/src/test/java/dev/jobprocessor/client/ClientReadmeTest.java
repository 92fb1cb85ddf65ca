package dev.jobprocessor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's client example is {@link ClientExample}'s code, word for word, and it runs against the jar. */
class ClientReadmeTest {

    private static final Path README = Path.of("..", "..", "README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/jobprocessor/client/ClientExample.java");

    @Test
    void theReadmeShowsTheExampleAndTheExampleRuns() throws Exception {
        List<String> source = Files.readAllLines(EXAMPLE);
        StringBuilder expected = new StringBuilder();
        for (String line :
                source.subList(indexOf(source, "// README:start", 0) + 1, indexOf(source, "// README:end", 0))) {
            expected.append(line.length() >= 8 ? line.substring(8) : line.strip())
                    .append('\n');
        }
        assertThat(readmeBlock()).isEqualTo(expected.toString());

        try (RunningService service = new RunningService()) {
            Job job = ClientExample.run(service.base.toString(), RunningService.TOKEN);

            assertThat(job.state()).isEqualTo("completed");
            assertThat(job.result())
                    .hasValueSatisfying(
                            result -> assertThat(result.path("to").asText()).isEqualTo("a@example.com"));
        }
    }

    /** The first {@code java} code block of the README's client section. */
    private static String readmeBlock() throws IOException {
        List<String> readme = Files.readAllLines(README);
        int start = indexOf(readme, "```java", indexOf(readme, "## The Java client", 0)) + 1;
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
