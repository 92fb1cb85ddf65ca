package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The picture architects read in docs/ARCHITECTURE.md is the very file {@link ArchitectureTest} checks the code by. */
class ArchitecturePageTest {

    @Test
    void theArchitecturePageShowsTheDiagramItself() throws IOException {
        Path page = ArchitectureRules.DIAGRAM.resolveSibling("ARCHITECTURE.md");

        assertThat(Files.readString(page))
                .as("%s shows %s verbatim in a plantuml block", page, ArchitectureRules.DIAGRAM)
                .contains("```plantuml\n" + Files.readString(ArchitectureRules.DIAGRAM) + "```\n");
    }
}
