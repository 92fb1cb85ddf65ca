package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slices;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every rule of {@link ArchitectureRules} against the production classes (SPEC §2). */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = ProductionClasses.IMPORTED;

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
}
