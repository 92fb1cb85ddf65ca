package dev.jobprocessor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed jOOQ classes in {@code src/main/jooq} must be exactly what jOOQ generates from the migrations. This
 * test migrates a fresh schema, runs the generator with the settings of the {@code jooq-codegen} profile, and
 * compares every file; when it fails, regenerate with
 * {@code ./with-jdk21 ./mvnw -pl adapters/postgres -am -Pjooq-codegen package -DskipTests} and commit the result.
 */
class GeneratedCodeMatchesMigrationsTest {

    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema();

    private static final Path COMMITTED = Path.of("src/main/jooq");

    @Test
    void committedClassesMatchAFreshGeneration(@TempDir Path generated) throws Exception {
        Configuration configuration = new Configuration()
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema(SCHEMA.schema())
                                .withOutputSchemaToDefault(true)
                                .withExcludes("flyway_schema_history"))
                        .withGenerate(new Generate()
                                .withGeneratedAnnotation(false)
                                .withJavaTimeTypes(true)
                                .withComments(false))
                        .withTarget(new Target()
                                .withPackageName("dev.jobprocessor.adapters.postgres.jooq")
                                .withDirectory(generated.toString())));
        try (Connection connection = SCHEMA.dataSource().getConnection()) {
            GenerationTool tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        }

        Map<String, String> expected = javaFiles(generated);
        Map<String, String> committed = javaFiles(COMMITTED);
        assertThat(expected)
                .as("jOOQ generated nothing; the comparison would be vacuous")
                .isNotEmpty();
        assertThat(committed.keySet())
                .as("the committed generated files (regenerate with -Pjooq-codegen)")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((file, content) -> assertThat(committed.get(file))
                .as("%s differs from a fresh generation (regenerate with -Pjooq-codegen)", file)
                .isEqualTo(content));
    }

    private static Map<String, String> javaFiles(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(root.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }
}
