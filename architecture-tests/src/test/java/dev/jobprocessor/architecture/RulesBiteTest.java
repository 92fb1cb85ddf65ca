package dev.jobprocessor.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.jobprocessor.adapters.archfixture.AdapterNobodyDrew;
import dev.jobprocessor.adapters.clock.SystemClock;
import dev.jobprocessor.adapters.clock.archfixture.ClockAdapterReadingTheClock;
import dev.jobprocessor.adapters.http.archfixture.HttpCallingAUseCase;
import dev.jobprocessor.adapters.memory.InMemoryJobRepository;
import dev.jobprocessor.adapters.memory.archfixture.MemoryCallingAUseCase;
import dev.jobprocessor.adapters.memory.archfixture.MemoryCountingMetrics;
import dev.jobprocessor.adapters.memory.archfixture.MemoryPostingWebhooks;
import dev.jobprocessor.adapters.memory.archfixture.MemoryServingHttp;
import dev.jobprocessor.adapters.memory.archfixture.MemoryUsingClockAdapter;
import dev.jobprocessor.adapters.memory.archfixture.MemoryWritingSql;
import dev.jobprocessor.application.SubmitJob;
import dev.jobprocessor.application.archfixture.ApplicationLoggingWithSlf4j;
import dev.jobprocessor.application.archfixture.ApplicationReadingMillis;
import dev.jobprocessor.application.archfixture.ApplicationTracingWithOpenTelemetry;
import dev.jobprocessor.application.archfixture.ApplicationUsingAdapter;
import dev.jobprocessor.application.archfixture.ApplicationUsingBootstrap;
import dev.jobprocessor.application.archfixture.cycle.UseCaseInACycle;
import dev.jobprocessor.application.archfixture.cycle.port.PortInACycle;
import dev.jobprocessor.application.port.JobRepository;
import dev.jobprocessor.application.worker.Worker;
import dev.jobprocessor.architecture.ArchitectureDiagram.Arrow;
import dev.jobprocessor.bootstrap.Main;
import dev.jobprocessor.bootstrap.archfixture.BootstrapReadingEveryWallClock;
import dev.jobprocessor.bootstrap.archfixture.BootstrapWithoutTheWallClock;
import dev.jobprocessor.domain.Job;
import dev.jobprocessor.domain.archfixture.DomainReadingTheClock;
import dev.jobprocessor.domain.archfixture.DomainUsingApplication;
import dev.jobprocessor.domain.archfixture.DomainUsingJdbc;
import dev.jobprocessor.domain.archfixture.DomainUsingOnlyTheJdk;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that no rule of {@link ArchitectureRules} is vacuous: each fails on deliberately bad fixture classes (test
 * sources in the very packages the rules guard), names exactly the culprits, and lets the well-behaved classes next
 * to them pass.
 */
class RulesBiteTest {

    @ParameterizedTest
    @MethodSource("allRules")
    void everyRuleRefusesAnEmptyImport(ArchRule rule) {
        JavaClasses nothing = new ClassFileImporter().importClasses(List.of());

        assertThatThrownBy(() -> rule.check(nothing))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }

    @ParameterizedTest
    @MethodSource("allRules")
    void everyRuleSaysWhy(ArchRule rule) {
        assertThat(rule.getDescription()).contains("because docs/SPEC.md §2");
    }

    static List<ArchRule> allRules() {
        return ArchitectureRules.ALL;
    }

    @Test
    void allListsEveryRuleAndArchUnitRunsEach() {
        List<Field> declared = Arrays.stream(ArchitectureRules.class.getDeclaredFields())
                .filter(field -> field.getType() == ArchRule.class && Modifier.isStatic(field.getModifiers()))
                .toList();

        assertThat(ArchitectureRules.ALL)
                .containsExactlyInAnyOrderElementsOf(
                        declared.stream().map(RulesBiteTest::value).toList());
        assertThat(declared)
                .as("rules without @ArchTest, which ArchitectureTest's ArchTests.in(ArchitectureRules.class) skips")
                .allMatch(field -> field.isAnnotationPresent(ArchTest.class));
    }

    private static ArchRule value(Field field) {
        try {
            return (ArchRule) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class DomainDependsOnlyOnTheJdk {

        private final ArchRule rule = ArchitectureRules.DOMAIN_DEPENDS_ONLY_ON_THE_JDK;

        @Test
        void bitesADomainClassThatUsesTheApplication() {
            assertViolatedBy(
                    rule,
                    classes(
                            DomainUsingApplication.class,
                            DomainUsingJdbc.class,
                            DomainReadingTheClock.class,
                            DomainUsingOnlyTheJdk.class),
                    List.of(DomainUsingApplication.class),
                    // java.sql is part of the JDK: this rule lets it through, the framework rule does not.
                    List.of(DomainUsingJdbc.class, DomainReadingTheClock.class, DomainUsingOnlyTheJdk.class));
        }

        @Test
        void passesDomainClassesThatUseTheJdkOnly() {
            assertPasses(rule, classes(DomainUsingOnlyTheJdk.class, Job.class));
        }
    }

    @Nested
    class ApplicationDependsOnlyOnTheDomainAndTheJdk {

        private final ArchRule rule = ArchitectureRules.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK;

        @Test
        void bitesApplicationClassesThatUseAnAdapterBootstrapOrALibrary() {
            assertViolatedBy(
                    rule,
                    classes(
                            ApplicationUsingAdapter.class,
                            ApplicationUsingBootstrap.class,
                            ApplicationLoggingWithSlf4j.class,
                            ApplicationReadingMillis.class,
                            UseCaseInACycle.class),
                    List.of(
                            ApplicationUsingAdapter.class,
                            ApplicationUsingBootstrap.class,
                            ApplicationLoggingWithSlf4j.class),
                    List.of(ApplicationReadingMillis.class, UseCaseInACycle.class));
        }

        @Test
        void passesApplicationClassesThatUseTheDomainAndThemselves() {
            assertPasses(rule, classes(SubmitJob.class, JobRepository.class, Worker.class, UseCaseInACycle.class));
        }
    }

    @Nested
    class AdaptersDoNotDependOnEachOther {

        private final ArchRule rule = ArchitectureRules.ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER;

        @Test
        void bitesTheMemoryAdapterUsingTheClockAdapter() {
            assertViolatedBy(
                    rule,
                    classes(MemoryUsingClockAdapter.class, InMemoryJobRepository.class, SystemClock.class),
                    List.of(MemoryUsingClockAdapter.class),
                    List.of(InMemoryJobRepository.class));
        }

        @Test
        void passesAdaptersThatOnlyShareTheApplicationPorts() {
            assertPasses(
                    rule, classes(InMemoryJobRepository.class, SystemClock.class, ClockAdapterReadingTheClock.class));
        }
    }

    @Nested
    class OnlyBootstrapUsesBootstrap {

        private final ArchRule rule = ArchitectureRules.ONLY_BOOTSTRAP_USES_BOOTSTRAP;

        @Test
        void bitesAnApplicationClassThatCallsBootstrap() {
            assertViolatedBy(
                    rule,
                    classes(ApplicationUsingBootstrap.class, ApplicationUsingAdapter.class, Main.class),
                    List.of(ApplicationUsingBootstrap.class),
                    List.of(ApplicationUsingAdapter.class));
        }

        @Test
        void passesBootstrapUsingItself() {
            assertPasses(rule, classes(Main.class, BootstrapWithoutTheWallClock.class, ApplicationUsingAdapter.class));
        }
    }

    @Nested
    class NoFrameworkInDomainOrApplication {

        private final ArchRule rule = ArchitectureRules.NO_FRAMEWORK_IN_DOMAIN_OR_APPLICATION;

        @Test
        void bitesJdbcInTheDomainAndSlf4jInTheApplication() {
            assertViolatedBy(
                    rule,
                    classes(
                            DomainUsingJdbc.class,
                            ApplicationLoggingWithSlf4j.class,
                            DomainReadingTheClock.class,
                            ApplicationUsingAdapter.class),
                    List.of(DomainUsingJdbc.class, ApplicationLoggingWithSlf4j.class),
                    List.of(DomainReadingTheClock.class, ApplicationUsingAdapter.class));
        }

        @Test
        void passesCoreClassesWithoutFrameworks() {
            assertPasses(rule, classes(DomainUsingOnlyTheJdk.class, DomainUsingApplication.class, SubmitJob.class));
        }
    }

    @Nested
    class NoOpenTelemetryInDomainOrApplication {

        private final ArchRule rule = ArchitectureRules.NO_OPENTELEMETRY_IN_DOMAIN_OR_APPLICATION;

        @Test
        void bitesTheApplicationReadingTheCurrentSpan() {
            assertViolatedBy(
                    rule,
                    classes(ApplicationTracingWithOpenTelemetry.class, ApplicationLoggingWithSlf4j.class),
                    List.of(ApplicationTracingWithOpenTelemetry.class),
                    List.of(ApplicationLoggingWithSlf4j.class));
        }

        @Test
        void passesTheCoreTracingThroughItsPortAndTheAdapterThatImplementsIt() {
            assertPasses(
                    rule,
                    classes(
                            Worker.class,
                            SubmitJob.class,
                            dev.jobprocessor.application.port.JobTracing.class,
                            dev.jobprocessor.adapters.tracing.Tracing.class));
        }
    }

    @Nested
    class NoWallClockOutsideTheClockAdapter {

        private final ArchRule rule = ArchitectureRules.NO_WALL_CLOCK_OUTSIDE_THE_CLOCK_ADAPTER;

        @Test
        void bitesDomainApplicationAndBootstrapReadingTheClock() {
            assertViolatedBy(
                    rule,
                    classes(
                            DomainReadingTheClock.class,
                            ApplicationReadingMillis.class,
                            BootstrapReadingEveryWallClock.class,
                            BootstrapWithoutTheWallClock.class,
                            DomainUsingOnlyTheJdk.class,
                            ClockAdapterReadingTheClock.class),
                    List.of(
                            DomainReadingTheClock.class,
                            ApplicationReadingMillis.class,
                            BootstrapReadingEveryWallClock.class),
                    List.of(
                            BootstrapWithoutTheWallClock.class,
                            DomainUsingOnlyTheJdk.class,
                            ClockAdapterReadingTheClock.class));
        }

        @Test
        void catchesEveryWayToReadTheWallClock() {
            assertThatThrownBy(() -> rule.check(classes(BootstrapReadingEveryWallClock.class)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(
                            "was violated (" + BootstrapReadingEveryWallClock.WALL_CLOCK_READS + " times)")
                    .hasMessageContainingAll(
                            "calls method <java.time.Instant.now()>",
                            "calls method <java.time.Instant.now(java.time.Clock)>",
                            "calls method <java.time.LocalDateTime.now()>",
                            "calls method <java.time.LocalDate.now()>",
                            "calls method <java.time.LocalTime.now()>",
                            "calls method <java.time.OffsetDateTime.now()>",
                            "calls method <java.time.OffsetTime.now()>",
                            "calls method <java.time.ZonedDateTime.now()>",
                            "calls method <java.time.Year.now()>",
                            "calls method <java.time.YearMonth.now()>",
                            "calls method <java.time.MonthDay.now()>",
                            "calls method <java.time.chrono.HijrahDate.now()>",
                            "calls method <java.time.chrono.IsoChronology.dateNow()>",
                            "calls method <java.time.Clock.systemUTC()>",
                            "calls method <java.time.Clock.systemDefaultZone()>",
                            "calls method <java.time.Clock.system(java.time.ZoneId)>",
                            "calls method <java.time.Clock.tickMillis(java.time.ZoneId)>",
                            "calls method <java.time.InstantSource.system()>",
                            "calls method <java.lang.System.currentTimeMillis()>",
                            "calls constructor <java.util.Date.<init>()>",
                            "calls method <java.util.Calendar.getInstance()>",
                            "calls constructor <java.util.GregorianCalendar.<init>()>",
                            "references method <java.time.Instant.now()>",
                            "references constructor <java.util.Date.<init>()>");
        }

        @Test
        void passesTheClockAdapterAndElapsedTimeMeasurements() {
            assertPasses(
                    rule,
                    classes(
                            ClockAdapterReadingTheClock.class,
                            SystemClock.class,
                            BootstrapWithoutTheWallClock.class,
                            DomainUsingOnlyTheJdk.class));
        }
    }

    @Nested
    class NoPackageCycles {

        private final ArchRule rule = ArchitectureRules.NO_PACKAGE_CYCLES;

        @Test
        void bitesAPortThatKnowsItsUseCase() {
            assertViolatedBy(
                    rule,
                    classes(UseCaseInACycle.class, PortInACycle.class, ApplicationUsingAdapter.class),
                    List.of(UseCaseInACycle.class, PortInACycle.class),
                    List.of(ApplicationUsingAdapter.class));
        }

        @Test
        void passesUseCasesPortsAndTheWorkerOfProduction() {
            assertPasses(rule, classes(SubmitJob.class, JobRepository.class, Worker.class, Job.class));
        }
    }

    @Nested
    class GeneratedJooqCodeCountsAsOneSlice {

        private final ArchRule rule = ArchitectureRules.NO_PACKAGE_CYCLES;

        @Test
        void passesTheGeneratedCodesOwnCycle() {
            assertPasses(
                    rule,
                    classes(
                            dev.jobprocessor.adapters.postgres.jooq.DefaultSchema.class,
                            dev.jobprocessor.adapters.postgres.jooq.Keys.class,
                            dev.jobprocessor.adapters.postgres.jooq.tables.Jobs.class,
                            dev.jobprocessor.adapters.postgres.jooq.tables.records.JobsRecord.class));
        }

        @Test
        void bitesACycleBetweenOurCodeAndTheGeneratedCode() {
            assertViolatedBy(
                    rule,
                    classes(
                            dev.jobprocessor.adapters.postgres.jooq.archfixture.GeneratedLookingUp.class,
                            dev.jobprocessor.adapters.postgres.archfixture.AdapterCodeUsedByGeneratedCode.class,
                            MemoryUsingClockAdapter.class),
                    List.of(
                            dev.jobprocessor.adapters.postgres.jooq.archfixture.GeneratedLookingUp.class,
                            dev.jobprocessor.adapters.postgres.archfixture.AdapterCodeUsedByGeneratedCode.class),
                    List.of(MemoryUsingClockAdapter.class));
        }
    }

    @Nested
    class JooqOnlyInThePostgresAdapter {

        private final ArchRule rule = ArchitectureRules.JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER;

        @Test
        void bitesAnotherAdapterWritingSql() {
            assertViolatedBy(
                    rule,
                    classes(MemoryWritingSql.class, MemoryUsingClockAdapter.class),
                    List.of(MemoryWritingSql.class),
                    List.of(MemoryUsingClockAdapter.class));
        }

        @Test
        void passesThePostgresAdapter() {
            assertPasses(
                    rule,
                    classes(
                            dev.jobprocessor.adapters.postgres.PostgresJobRepository.class,
                            MemoryUsingClockAdapter.class));
        }
    }

    @Nested
    class JavalinOnlyInTheHttpAdapter {

        private final ArchRule rule = ArchitectureRules.JAVALIN_ONLY_IN_THE_HTTP_ADAPTER;

        @Test
        void bitesAnotherAdapterServingHttp() {
            assertViolatedBy(
                    rule,
                    classes(MemoryServingHttp.class, MemoryUsingClockAdapter.class),
                    List.of(MemoryServingHttp.class),
                    List.of(MemoryUsingClockAdapter.class));
        }

        @Test
        void passesTheHttpAdapter() {
            assertPasses(rule, classes(dev.jobprocessor.adapters.http.HttpApi.class, MemoryUsingClockAdapter.class));
        }
    }

    @Nested
    class OutgoingHttpOnlyInTheWebhookAdapter {

        private final ArchRule rule = ArchitectureRules.OUTGOING_HTTP_ONLY_IN_THE_WEBHOOK_ADAPTER;

        @Test
        void bitesAnotherAdapterSendingRequests() {
            assertViolatedBy(
                    rule,
                    classes(MemoryPostingWebhooks.class, MemoryUsingClockAdapter.class),
                    List.of(MemoryPostingWebhooks.class),
                    List.of(MemoryUsingClockAdapter.class));
        }

        @Test
        void passesTheWebhookAdapter() {
            assertPasses(
                    rule,
                    classes(
                            dev.jobprocessor.adapters.webhook.JettyWebhookTransport.class,
                            MemoryUsingClockAdapter.class));
        }
    }

    @Nested
    class MicrometerOnlyInTheMetricsAdapterAndBootstrap {

        private final ArchRule rule = ArchitectureRules.MICROMETER_ONLY_IN_THE_METRICS_ADAPTER_AND_BOOTSTRAP;

        @Test
        void bitesAnotherAdapterCountingMetrics() {
            assertViolatedBy(
                    rule,
                    classes(MemoryCountingMetrics.class, MemoryUsingClockAdapter.class),
                    List.of(MemoryCountingMetrics.class),
                    List.of(MemoryUsingClockAdapter.class));
        }

        @Test
        void passesTheMetricsAdapter() {
            assertPasses(
                    rule, classes(dev.jobprocessor.adapters.metrics.JobMetrics.class, MemoryUsingClockAdapter.class));
        }
    }

    @Nested
    class CodeAdheresToTheDiagram {

        private final ArchRule rule = ArchitectureRules.CODE_ADHERES_TO_THE_DIAGRAM;

        @Test
        void bitesDependenciesTheDiagramDrawsNoArrowFor() {
            // Domain -> Ports and Memory adapter -> Clock adapter break older rules too; Memory adapter ->
            // Application breaks none of them: only the diagram says that only the HTTP adapter drives use cases.
            assertViolatedBy(
                    rule,
                    classes(
                            DomainUsingApplication.class,
                            MemoryUsingClockAdapter.class,
                            MemoryCallingAUseCase.class,
                            HttpCallingAUseCase.class,
                            InMemoryJobRepository.class,
                            DomainUsingOnlyTheJdk.class),
                    List.of(DomainUsingApplication.class, MemoryUsingClockAdapter.class, MemoryCallingAUseCase.class),
                    List.of(HttpCallingAUseCase.class, InMemoryJobRepository.class, DomainUsingOnlyTheJdk.class));
            assertThatThrownBy(() -> rule.check(classes(MemoryCallingAUseCase.class)))
                    .hasMessageContaining("adhere to PlantUML diagram <architecture.puml>")
                    .hasMessageContaining("calls method <dev.jobprocessor.application.GetJob.get(");
        }

        @Test
        void catchesWhatNoOtherRuleCatches() {
            JavaClasses memoryDrivingAUseCase = classes(MemoryCallingAUseCase.class);

            assertThat(ArchitectureRules.ALL.stream()
                            .filter(other -> other != rule)
                            .filter(other -> other.allowEmptyShould(true)
                                    .evaluate(memoryDrivingAUseCase)
                                    .hasViolation()))
                    .as("rules besides the diagram that refuse the memory adapter driving a use case")
                    .isEmpty();
        }

        @Test
        void passesDependenciesAlongTheArrows() {
            assertPasses(
                    rule,
                    classes(
                            HttpCallingAUseCase.class,
                            InMemoryJobRepository.class,
                            SystemClock.class,
                            dev.jobprocessor.adapters.postgres.PostgresJobRepository.class,
                            SubmitJob.class,
                            Worker.class,
                            JobRepository.class,
                            Job.class,
                            Main.class,
                            DomainUsingOnlyTheJdk.class));
        }

        @Test
        void bitesAClassInAPackageTheDiagramDoesNotDraw() {
            assertViolatedBy(
                    rule,
                    classes(AdapterNobodyDrew.class, SystemClock.class),
                    List.of(AdapterNobodyDrew.class),
                    List.of(SystemClock.class));
            assertThatThrownBy(() -> rule.check(classes(AdapterNobodyDrew.class)))
                    .hasMessageContaining(
                            "Class " + AdapterNobodyDrew.class.getName() + " is not contained in any component");
        }
    }

    @Nested
    class EveryArrowOfTheDiagramIsUsed {

        private final ArchitectureDiagram diagram = ArchitectureDiagram.read();

        @Test
        void countsAnArrowAsUsedWhenOneClassFollowsIt() {
            assertThat(diagram.unusedArrows(classes(HttpCallingAUseCase.class)))
                    .map(Arrow::toString)
                    .hasSize(diagram.arrows().size() - 3)
                    .doesNotContain(
                            "[HTTP adapter] --> [Application]",
                            "[HTTP adapter] --> [Ports]",
                            "[HTTP adapter] --> [Domain]");
        }

        @Test
        void refusesAnArrowArchUnitWouldDrop() {
            assertThatThrownBy(() -> ArchitectureDiagram.parse(
                            List.of("[Domain] <<dev.jobprocessor.domain..>>", "[Domain] --> [Domian]")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("[Domian]");
        }

        @Test
        void refusesAnythingButThePlainSyntax() {
            assertThatThrownBy(() -> ArchitectureDiagram.parse(List.of(
                            "[Domain] <<dev.jobprocessor.domain..>>",
                            "[Ports] <<dev.jobprocessor.application.port..>>",
                            "Ports -> Domain")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 3");
        }
    }

    private static JavaClasses classes(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    private static void assertViolatedBy(
            ArchRule rule, JavaClasses classes, List<Class<?>> culprits, List<Class<?>> bystanders) {
        assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(names(culprits))
                .satisfies(failure -> assertThat(failure.getMessage())
                        .as("only the culprits are named")
                        .doesNotContain(names(bystanders)));
    }

    private static void assertPasses(ArchRule rule, JavaClasses classes) {
        assertThatCode(() -> rule.check(classes)).doesNotThrowAnyException();
    }

    private static String[] names(List<Class<?>> classes) {
        return classes.stream().map(Class::getName).toArray(String[]::new);
    }
}
