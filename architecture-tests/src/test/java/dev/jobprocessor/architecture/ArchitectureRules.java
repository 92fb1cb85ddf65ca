package dev.jobprocessor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.Configuration.consideringOnlyDependenciesInAnyPackage;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.adhereToPlantUmlDiagram;

import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The boundaries of docs/SPEC.md §2, each stated once as an {@link ArchTest} field. {@link ArchitectureTest} runs them
 * all ({@code ArchTests.in(ArchitectureRules.class)}) on ArchUnit's JUnit Platform engine against the production
 * classes; {@link RulesBiteTest} proves each one fails on a deliberately bad fixture, so none of them passes vacuously.
 *
 * <p>Every rule keeps ArchUnit's default {@code failOnEmptyShould=true}: a rule whose {@code that()} matches no class
 * fails instead of passing. {@link #NAMED_PACKAGES} lists the packages the rules are about, and
 * {@link ArchitectureTest} insists each one holds imported classes, so a typo in a package name cannot hollow a rule
 * out either.
 */
public final class ArchitectureRules {

    public static final String ROOT = "dev.jobprocessor";
    public static final String DOMAIN = ROOT + ".domain";
    public static final String APPLICATION = ROOT + ".application";
    public static final String APPLICATION_PORT = APPLICATION + ".port";
    public static final String APPLICATION_WORKER = APPLICATION + ".worker";
    public static final String ADAPTERS = ROOT + ".adapters";
    public static final String MEMORY_ADAPTER = ADAPTERS + ".memory";
    public static final String CLOCK_ADAPTER = ADAPTERS + ".clock";
    public static final String BOOTSTRAP = ROOT + ".bootstrap";

    /** One slice per adapter, whatever its name: {@code postgres}, {@code http}, … are covered as they appear. */
    public static final String ADAPTER_SLICES = ADAPTERS + ".(*)..";

    /** One slice per package below the root, so a cycle between any two packages shows. */
    public static final String PACKAGE_SLICES = ROOT + ".(**)";

    /** The jOOQ classes generated from the migrations; never edited by hand (docs/PERSISTENCE.md). */
    public static final String GENERATED_JOOQ = ADAPTERS + ".postgres.jooq";

    public static final String POSTGRES_ADAPTER = ADAPTERS + ".postgres";
    public static final String HTTP_ADAPTER = ADAPTERS + ".http";
    public static final String METRICS_ADAPTER = ADAPTERS + ".metrics";
    public static final String WEBHOOK_ADAPTER = ADAPTERS + ".webhook";

    /**
     * {@link #PACKAGE_SLICES}, except that the generated jOOQ code counts as one slice: jOOQ's generator spreads one
     * table over three packages that refer to each other, a cycle we neither wrote nor may edit. A cycle between our
     * code and the generated code, or inside our own code, still fails the rule.
     */
    static final SliceAssignment PACKAGES_WITH_GENERATED_CODE_AS_ONE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(GENERATED_JOOQ) || name.startsWith(GENERATED_JOOQ + ".")) {
                return SliceIdentifier.of(GENERATED_JOOQ);
            }
            if (name.startsWith(ROOT + ".")) {
                return SliceIdentifier.of(name);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of " + ROOT + " (the generated jOOQ code as one)";
        }
    };

    /** The packages the rules speak about; each must hold at least one imported production class. */
    public static final List<String> NAMED_PACKAGES = List.of(
            DOMAIN, APPLICATION, APPLICATION_PORT, APPLICATION_WORKER, MEMORY_ADAPTER, CLOCK_ADAPTER, BOOTSTRAP);

    /** Libraries that must never reach the core: web, SQL and JDBC, JSON, logging, pooling, migrations, ArchUnit. */
    public static final List<String> FRAMEWORK_PACKAGES = List.of(
            "io.javalin..",
            "org.jooq..",
            "com.fasterxml..",
            "java.sql..",
            "javax.sql..",
            "org.slf4j..",
            "com.zaxxer..",
            "org.flywaydb..",
            "org.postgresql..",
            "io.micrometer..",
            "org.eclipse.jetty..",
            "io.opentelemetry..",
            "com.tngtech..");

    @ArchTest
    public static final ArchRule DOMAIN_DEPENDS_ONLY_ON_THE_JDK = classes()
            .that()
            .resideInAPackage(DOMAIN + "..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", DOMAIN + "..")
            .because("docs/SPEC.md §2: the domain module may depend on the JDK only");

    @ArchTest
    public static final ArchRule APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK = classes()
            .that()
            .resideInAPackage(APPLICATION + "..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", DOMAIN + "..", APPLICATION + "..")
            .because("docs/SPEC.md §2: the application module may depend on the domain (and the JDK) only");

    @ArchTest
    public static final ArchRule ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER = slices().matching(ADAPTER_SLICES)
            .should()
            .notDependOnEachOther()
            .because("docs/SPEC.md §2: one adapter each; adapters never depend on each other");

    @ArchTest
    public static final ArchRule ONLY_BOOTSTRAP_USES_BOOTSTRAP = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(BOOTSTRAP + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BOOTSTRAP + "..")
            .because("docs/SPEC.md §2: bootstrap wires everything, so nothing may depend on it");

    @ArchTest
    public static final ArchRule NO_FRAMEWORK_IN_DOMAIN_OR_APPLICATION = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN + "..", APPLICATION + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORK_PACKAGES.toArray(String[]::new))
            .because("docs/SPEC.md §2: no framework type (Javalin, jOOQ, Jackson, JDBC, SLF4J …) appears in domain or"
                    + " application");

    @ArchTest
    public static final ArchRule NO_OPENTELEMETRY_IN_DOMAIN_OR_APPLICATION = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN + "..", APPLICATION + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.opentelemetry..")
            .because("docs/SPEC.md §2 and docs/OBSERVABILITY.md (Traces): the core traces through the JobTracing port;"
                    + " OpenTelemetry stays in the adapters that implement it (tracing, http) and in bootstrap");

    @ArchTest
    public static final ArchRule NO_WALL_CLOCK_OUTSIDE_THE_CLOCK_ADAPTER = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(CLOCK_ADAPTER + "..")
            .should(notReadTheWallClock())
            .because("docs/SPEC.md §2: time comes from the Clock port, so tests can control it; only the clock adapter"
                    + " reads the system clock (System.nanoTime stays allowed: it measures elapsed time)");

    @ArchTest
    public static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(PACKAGES_WITH_GENERATED_CODE_AS_ONE)
            .should()
            .beFreeOfCycles()
            .because("docs/SPEC.md §2: dependencies point inwards (adapters → application → domain), which leaves no"
                    + " room for a cycle between packages");

    @ArchTest
    public static final ArchRule JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(POSTGRES_ADAPTER + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.jooq..")
            .because("docs/SPEC.md §2: SQL lives in the PostgreSQL adapter; nothing else may speak jOOQ");

    @ArchTest
    public static final ArchRule JAVALIN_ONLY_IN_THE_HTTP_ADAPTER = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(HTTP_ADAPTER + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.javalin..")
            .because("docs/SPEC.md §2: the web framework stays inside the HTTP adapter");

    @ArchTest
    public static final ArchRule OUTGOING_HTTP_ONLY_IN_THE_WEBHOOK_ADAPTER = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackage(WEBHOOK_ADAPTER + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jetty.client..")
            .because(
                    "docs/SPEC.md §2 and docs/WEBHOOKS.md: every request the service sends out goes through the webhook"
                            + " adapter, whose resolver applies the destination rule; another client would bypass it");

    @ArchTest
    public static final ArchRule MICROMETER_ONLY_IN_THE_METRICS_ADAPTER_AND_BOOTSTRAP = noClasses()
            .that()
            .resideInAPackage(ROOT + "..")
            .and()
            .resideOutsideOfPackages(METRICS_ADAPTER + "..", BOOTSTRAP + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.micrometer..")
            .because(
                    "docs/SPEC.md §2 and issue 6: metrics live in an adapter behind a port; only bootstrap, which wires"
                            + " the registry into the pool, may also hold it");

    /**
     * The module/component diagram of docs/ARCHITECTURE.md, {@code docs/architecture.puml}. Its components carry
     * package patterns as stereotypes; {@link #CODE_ADHERES_TO_THE_DIAGRAM} holds the code to its arrows.
     */
    public static final Path DIAGRAM = ArchitectureDiagram.FILE;

    /**
     * The picture architects read is the rule the build enforces. Every class of {@link #ROOT} must lie in exactly
     * one component of {@link #DIAGRAM}, and may depend on a class of {@link #ROOT} only in its own component or in
     * one its component has an arrow to. Dependencies on the JDK and on libraries are left to the rules above.
     */
    @ArchTest
    public static final ArchRule CODE_ADHERES_TO_THE_DIAGRAM = classes()
            .that()
            .resideInAPackage(ROOT + "..")
            .should(adhereToPlantUmlDiagram(DIAGRAM, consideringOnlyDependenciesInAnyPackage(ROOT + "..")))
            .because("docs/SPEC.md §2 and docs/ARCHITECTURE.md: the component diagram is the rule; a dependency it"
                    + " draws no arrow for, or a class in a package it does not draw, cannot slip past it");

    /** Every rule above, for the checks that apply to all of them. */
    public static final List<ArchRule> ALL = List.of(
            DOMAIN_DEPENDS_ONLY_ON_THE_JDK,
            APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_AND_THE_JDK,
            ADAPTERS_DO_NOT_DEPEND_ON_EACH_OTHER,
            ONLY_BOOTSTRAP_USES_BOOTSTRAP,
            NO_FRAMEWORK_IN_DOMAIN_OR_APPLICATION,
            NO_OPENTELEMETRY_IN_DOMAIN_OR_APPLICATION,
            NO_WALL_CLOCK_OUTSIDE_THE_CLOCK_ADAPTER,
            OUTGOING_HTTP_ONLY_IN_THE_WEBHOOK_ADAPTER,
            MICROMETER_ONLY_IN_THE_METRICS_ADAPTER_AND_BOOTSTRAP,
            NO_PACKAGE_CYCLES,
            JOOQ_ONLY_IN_THE_POSTGRES_ADAPTER,
            JAVALIN_ONLY_IN_THE_HTTP_ADAPTER,
            CODE_ADHERES_TO_THE_DIAGRAM);

    private static final String WALL_CLOCK_READS = "java.time.*.now(..), java.time.chrono.*.now(..) and"
            + " Chronology.dateNow(..), Clock.system*(..) and Clock.tick{Millis,Seconds,Minutes}(..),"
            + " InstantSource.system(), System.currentTimeMillis(), new Date(), Calendar.getInstance(..),"
            + " new GregorianCalendar() / (TimeZone) / (Locale) / (TimeZone, Locale)";

    private static final Set<String> JAVA_TIME_PACKAGES = Set.of("java.time", "java.time.chrono");

    private ArchitectureRules() {}

    /**
     * Fails on every call of, or method/constructor reference to, a JDK method that reads the current wall-clock
     * time. Method references count too: {@code Supplier<Instant> now = Instant::now} reads the clock just the same.
     */
    private static ArchCondition<JavaClass> notReadTheWallClock() {
        return new ArchCondition<>("not read the wall clock (" + WALL_CLOCK_READS + ")") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getCodeUnitAccessesFromSelf().stream()
                        .filter(access -> readsTheWallClock(access.getTarget()))
                        .forEach(access -> events.add(SimpleConditionEvent.violated(access, access.getDescription())));
            }
        };
    }

    private static boolean readsTheWallClock(CodeUnitAccessTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        return switch (owner) {
            case "java.lang.System" -> name.equals("currentTimeMillis");
            case "java.time.Clock" -> name.startsWith("system") || (name.startsWith("tick") && !name.equals("tick"));
            case "java.time.InstantSource" -> name.equals("system");
            case "java.util.Date" ->
                name.equals(JavaConstructor.CONSTRUCTOR_NAME)
                        && target.getRawParameterTypes().isEmpty();
            case "java.util.Calendar" -> name.equals("getInstance");
            case "java.util.GregorianCalendar" ->
                name.equals("getInstance")
                        || (name.equals(JavaConstructor.CONSTRUCTOR_NAME)
                                && target.getRawParameterTypes().stream()
                                        .noneMatch(type -> type.isEquivalentTo(int.class)));
            default ->
                JAVA_TIME_PACKAGES.contains(target.getOwner().getPackageName())
                        && (name.equals("now") || name.equals("dateNow"));
        };
    }
}
