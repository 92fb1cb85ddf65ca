package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slices;
import dev.jobprocessor.architecture.ArchitectureDiagram.Component;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every rule of {@link ArchitectureRules} against the production classes (docs/SPEC.md §2). */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = ProductionClasses.IMPORTED;
    private static final ArchitectureDiagram DIAGRAM = ArchitectureDiagram.read();

    @Test
    void importsTheProductionClasses() {
        // ArchUnit before 1.4.2 imported nothing from Java 25 class files, without a word; a rule over nothing is
        // no rule.
        assertThat(PRODUCTION.size()).isGreaterThan(30);
        assertThat(PRODUCTION.stream().map(JavaClass::getPackageName))
                .as("no fixture from target/test-classes may sneak into the production import")
                .noneMatch(packageName -> packageName.contains(".archfixture"))
                .noneMatch(packageName -> packageName.startsWith(ArchitectureRules.ROOT + ".architecture"));
    }

    @ParameterizedTest
    @MethodSource("namedPackages")
    void everyPackageTheRulesNameHoldsClasses(String packageName) {
        assertThat(PRODUCTION.stream()
                        .filter(javaClass -> javaClass.getPackageName().equals(packageName)))
                .as("imported classes in %s; a misspelt package would let the rules pass vacuously", packageName)
                .isNotEmpty();
    }

    static List<String> namedPackages() {
        return ArchitectureRules.NAMED_PACKAGES;
    }

    @Test
    void theSliceRulesSeeSeveralSlices() {
        assertThat(Slices.matching(ArchitectureRules.ADAPTER_SLICES).transform(PRODUCTION))
                .as("adapter slices")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(Slices.matching(ArchitectureRules.PACKAGE_SLICES).transform(PRODUCTION))
                .as("package slices")
                .hasSizeGreaterThanOrEqualTo(ArchitectureRules.NAMED_PACKAGES.size());
    }

    @Test
    void everyProductionClassLiesInExactlyOneComponentOfTheDiagram() {
        // The diagram rule skips a class without dependencies inside dev.jobprocessor; this check does not.
        assertThat(PRODUCTION.stream()
                        .filter(javaClass -> DIAGRAM.componentsOf(javaClass).size() != 1)
                        .map(JavaClass::getName))
                .as("classes in no component of %s, or in several", ArchitectureRules.DIAGRAM)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("components")
    void everyComponentOfTheDiagramHoldsClasses(Component component) {
        assertThat(PRODUCTION.stream().filter(component::contains))
                .as("production classes in [%s]; a misspelt package pattern would draw an empty box", component.name())
                .isNotEmpty();
    }

    static List<Component> components() {
        return DIAGRAM.components();
    }

    @Test
    void everyArrowOfTheDiagramIsADependencyOfTheCode() {
        assertThat(DIAGRAM.arrows())
                .as("arrows of %s", ArchitectureRules.DIAGRAM)
                .hasSizeGreaterThan(10);
        assertThat(DIAGRAM.unusedArrows(PRODUCTION))
                .as("arrows no dependency of the code follows; the picture would allow more than the code does")
                .isEmpty();
    }

    @Test
    void theArchitecturePageShowsTheDiagramItself() throws IOException {
        Path page = ArchitectureRules.DIAGRAM.resolveSibling("ARCHITECTURE.md");

        assertThat(Files.readString(page))
                .as("%s shows %s verbatim in a plantuml block", page, ArchitectureRules.DIAGRAM)
                .contains("```plantuml\n" + Files.readString(ArchitectureRules.DIAGRAM) + "```\n");
    }

    @Test
    void allListsEveryRule() {
        List<ArchRule> declared = Arrays.stream(ArchitectureRules.class.getDeclaredFields())
                .filter(field -> field.getType() == ArchRule.class && Modifier.isStatic(field.getModifiers()))
                .map(ArchitectureTest::value)
                .toList();

        assertThat(ArchitectureRules.ALL).containsExactlyInAnyOrderElementsOf(declared);
    }

    private static ArchRule value(Field field) {
        try {
            return (ArchRule) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void domainDependsOnlyOnTheJdk() {
        ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK.check(PRODUCTION);
    }

    @Test
    void applicationDependsOnlyOnTheDomainAndTheJdk() {
        ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK.check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER.check(PRODUCTION);
    }

    @Test
    void onlyBootstrapUsesBootstrap() {
        ArchitectureRules.ONLY_BOOTSTRAP_USES_BOOTSTRAP.check(PRODUCTION);
    }

    @Test
    void noFrameworkInDomainOrApplication() {
        ArchitectureRules.NO_FRAMEWORK_IN_DOMAIN_OR_APPLICATION.check(PRODUCTION);
    }

    @Test
    void noWallClockOutsideTheClockAdapter() {
        ArchitectureRules.NO_WALL_CLOCK_OUTSIDE_THE_CLOCK_ADAPTER.check(PRODUCTION);
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(PRODUCTION);
    }

    @Test
    void jooqOnlyInThePostgresAdapter() {
        ArchitectureRules.JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER.check(PRODUCTION);
    }

    @Test
    void javalinOnlyInTheHttpAdapter() {
        ArchitectureRules.JAVALIN_ONLY_IN_THE_HTTP_ADAPTER.check(PRODUCTION);
    }

    @Test
    void micrometerOnlyInTheMetricsAdapterAndBootstrap() {
        ArchitectureRules.MICROMETER_ONLY_IN_THE_METRICS_ADAPTER_AND_BOOTSTRAP.check(PRODUCTION);
    }

    @Test
    void codeAdheresToTheDiagram() {
        ArchitectureRules.CODE_ADHERES_TO_THE_DIAGRAM.check(PRODUCTION);
    }
}
