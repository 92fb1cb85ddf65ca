package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's dependency layer copies every module's pom before the sources: Maven loads the whole reactor the
 * root pom lists, so one missing pom breaks the image build, and no engine runs here to notice (docs/PERSISTENCE.md).
 */
class DockerfileTest {

    private static final Path ROOT = ArchitectureDiagram.FILE.getParent().getParent();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void theDependencyLayerCopiesEveryModulePom() throws IOException {
        List<String> poms = modulePoms("");
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String layer = dockerfile.substring(0, dockerfile.indexOf("COPY . ."));

        assertThat(poms).contains("bootstrap/pom.xml", "adapters/postgres/pom.xml", "verification/pom.xml");
        for (String pom : poms) {
            String directory = pom.substring(0, pom.length() - "pom.xml".length());
            assertThat(layer)
                    .as("the Dockerfile copies %s before the sources", pom)
                    .contains("COPY " + pom + " " + directory + "\n");
        }
    }

    /** The poms of every module under {@code directory}, its own included, profiles' modules too. */
    private static List<String> modulePoms(String directory) throws IOException {
        List<String> poms = new ArrayList<>();
        if (!directory.isEmpty()) {
            poms.add(directory + "pom.xml");
        }
        Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve(directory + "pom.xml")));
        while (modules.find()) {
            poms.addAll(modulePoms(directory + modules.group(1).strip() + "/"));
        }
        return poms;
    }
}
