package dev.zt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of zt's library modules (zt-core, zt-filter, zt-cdi, zt-store-redis), enforced by the build: the public
 * API and SPI never depend on implementation ({@code ..internal..} packages), and no two packages depend on each other.
 */
class LayeringTest {

    private static JavaClasses zt;

    @BeforeAll
    static void importClasses() {
        zt = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.zt");
    }

    @Test
    void publicTypesNeverDependOnInternalPackages() {
        noClasses().that().arePublic().and().resideOutsideOfPackage("..internal..")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .because("applications compile against the API and SPI only; implementation stays free to change")
                .check(zt);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.zt.(**)").should().beFreeOfCycles().check(zt);
    }
}
