package dev.zt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

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
        // test classes come from target/test-classes in a module build and from *-tests.jar in the reactor build
        ImportOption productionOnly = location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                && !location.contains("-tests.jar");
        zt = new ClassFileImporter().withImportOption(productionOnly).importPackages("dev.zt");
    }

    @Test
    void everyLibraryModuleIsCheckedAndNoTestCode() {
        assertThat(zt.contain("dev.zt.ZeroTrust")).isTrue();
        assertThat(zt.contain("dev.zt.filter.ZeroTrustFilter")).isTrue();
        assertThat(zt.contain("dev.zt.cdi.ZeroTrustAuthenticationMechanism")).isTrue();
        assertThat(zt.contain("dev.zt.store.redis.internal.RedisStoreProvider")).isTrue();
        assertThat(zt.stream().filter(c -> c.getSimpleName().endsWith("Test"))).isEmpty();
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
