package dev.jobprocessor.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The production classes of every module on this module's test classpath, imported once per JVM.
 *
 * <p>They come from the other modules' jars (or {@code target/classes} in a reactor build).
 * {@link ImportOption.Predefined#DO_NOT_INCLUDE_TESTS} drops every {@code target/test-classes} directory, which is
 * where this module's deliberately bad fixtures live.
 */
final class ProductionClasses {

    static final JavaClasses IMPORTED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ArchitectureRules.ROOT);

    private ProductionClasses() {}
}
