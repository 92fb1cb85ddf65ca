package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.library.dependencies.Slices;
import dev.jobprocessor.architecture.ArchitectureDiagram.Arrow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every rule of {@link ArchitectureRules} against the production classes (docs/SPEC.md §2), run by ArchUnit's
 * JUnit Platform engine ({@code archunit-junit5}).
 *
 * <p>{@link AnalyzeClasses} imports the classes once: every {@code dev.jobprocessor} class of every module on this
 * module's test classpath (the other modules' jars, or their {@code target/classes} in a reactor build).
 * {@link ImportOption.DoNotIncludeTests} drops every {@code target/test-classes} directory, which is where this
 * module's deliberately bad fixtures live. ArchUnit caches that import and hands it to each {@link ArchTest} below: the
 * rules of {@link ArchitectureRules} (each an {@link ArchTest} field there) and the checks of what no rule can say by
 * itself, that the import and the diagram are not empty and the diagram is not wider than the code.
 */
@AnalyzeClasses(packages = ArchitectureRules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests RULES = ArchTests.in(ArchitectureRules.class);

    private static final ArchitectureDiagram DIAGRAM = ArchitectureDiagram.read();

    @ArchTest
    static void importsTheProductionClasses(JavaClasses production) {
        // ArchUnit before 1.4.2 imported nothing from Java 25 class files, without a word; a rule over nothing is
        // no rule.
        assertThat(production.size()).isGreaterThan(30);
        assertThat(production.stream().map(JavaClass::getPackageName))
                .as("no fixture from target/test-classes may sneak into the production import")
                .noneMatch(packageName -> packageName.contains(".archfixture"))
                .noneMatch(packageName -> packageName.startsWith(ArchitectureRules.ROOT + ".architecture"));
    }

    @ArchTest
    static void everyPackageTheRulesNameHoldsClasses(JavaClasses production) {
        assertThat(ArchitectureRules.NAMED_PACKAGES.stream()
                        .filter(packageName -> production.stream()
                                .noneMatch(
                                        javaClass -> javaClass.getPackageName().equals(packageName))))
                .as("named packages without imported classes; a misspelt package would let the rules pass vacuously")
                .isEmpty();
    }

    @ArchTest
    static void theSliceRulesSeeSeveralSlices(JavaClasses production) {
        assertThat(Slices.matching(ArchitectureRules.ADAPTER_SLICES).transform(production))
                .as("adapter slices")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(Slices.matching(ArchitectureRules.PACKAGE_SLICES).transform(production))
                .as("package slices")
                .hasSizeGreaterThanOrEqualTo(ArchitectureRules.NAMED_PACKAGES.size());
    }

    @ArchTest
    static void everyProductionClassLiesInExactlyOneComponentOfTheDiagram(JavaClasses production) {
        // The diagram rule skips a class without dependencies inside dev.jobprocessor; this check does not.
        assertThat(production.stream()
                        .filter(javaClass -> DIAGRAM.componentsOf(javaClass).size() != 1)
                        .map(JavaClass::getName))
                .as("classes in no component of %s, or in several", ArchitectureRules.DIAGRAM)
                .isEmpty();
    }

    @ArchTest
    static void everyComponentOfTheDiagramHoldsClasses(JavaClasses production) {
        assertThat(DIAGRAM.components().stream()
                        .filter(component -> production.stream().noneMatch(component::contains))
                        .map(ArchitectureDiagram.Component::name))
                .as("components without production classes; a misspelt package pattern would draw an empty box")
                .isEmpty();
    }

    @ArchTest
    static void everyArrowOfTheDiagramIsADependencyOfTheCode(JavaClasses production) {
        assertThat(DIAGRAM.arrows())
                .as("arrows of %s", ArchitectureRules.DIAGRAM)
                .hasSizeGreaterThan(10);
        assertThat(DIAGRAM.unusedArrows(production))
                .as("arrows no dependency of the code follows; the picture would allow more than the code does")
                .isEmpty();
    }

    /** The bite of the check above: it needs the production classes, so it lives here rather than in RulesBiteTest. */
    @ArchTest
    static void anArrowNoDependencyFollowsIsCaught(JavaClasses production) {
        List<String> lines = new ArrayList<>(readDiagram());
        lines.add(lines.indexOf("@enduml"), "[Domain] --> [Bootstrap]");

        assertThat(ArchitectureDiagram.parse(lines).unusedArrows(production))
                .map(Arrow::toString)
                .containsExactly("[Domain] --> [Bootstrap]");
    }

    private static List<String> readDiagram() {
        try {
            return Files.readAllLines(ArchitectureRules.DIAGRAM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
