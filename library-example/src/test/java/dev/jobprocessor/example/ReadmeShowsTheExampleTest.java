package dev.jobprocessor.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's library example is the code the build compiles and {@link LibraryExampleTest} runs, word for word. */
class ReadmeShowsTheExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src/main/java/dev/jobprocessor/example/LibraryExample.java");
    private static final String SECTION = "## Using it as a library";
    static final String BETWEEN = "// … and on the way out:";

    @Test
    void theReadmeShowsExactlyTheExampleCode() throws IOException {
        List<String> source = Files.readAllLines(EXAMPLE);
        String expected = region(source, "// README:start") + BETWEEN + "\n" + region(source, "// README:stop");

        assertThat(readmeBlock(Files.readAllLines(README))).isEqualTo(expected);
    }

    /** The lines after {@code marker} up to the next {@code // README:end}, without the method's indentation. */
    private static String region(List<String> source, String marker) {
        int start = indexOf(source, marker, 0) + 1;
        int end = indexOf(source, "// README:end", start);
        StringBuilder text = new StringBuilder();
        for (String line : source.subList(start, end)) {
            text.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        return text.toString();
    }

    /** The first {@code java} code block of the README's library section. */
    private static String readmeBlock(List<String> readme) {
        int section = indexOf(readme, SECTION, 0);
        int start = indexOf(readme, "```java", section) + 1;
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
