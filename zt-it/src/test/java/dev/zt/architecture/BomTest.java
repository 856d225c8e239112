package dev.zt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.zt:zt-bom} lists exactly the artifacts zt publishes for applications (every module that does not skip
 * deployment, but the parent and the BOM itself), at the project's version, and imports nothing else.
 */
class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            System.getProperty("user.dir") + "/.."));
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Set<String> published = new LinkedHashSet<>();
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            String pom = Files.readString(ROOT.resolve(m.group(1)).resolve("pom.xml"));
            if (!pom.contains("<maven.deploy.skip>true</maven.deploy.skip>") && !m.group(1).equals("zt-bom")) {
                published.add(m.group(1));
            }
        }
        assertThat(published).contains("zt-core", "zt-filter", "zt-cdi", "zt-store-redis", "zt-filter-javax",
                "zt-cdi-javax");
        String bom = Files.readString(ROOT.resolve("zt-bom/pom.xml"));
        String managed = bom.substring(bom.indexOf("<dependencyManagement>"));
        Set<String> listed = new LinkedHashSet<>();
        Matcher a = ARTIFACT.matcher(managed);
        while (a.find()) {
            listed.add(a.group(1));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(managed).doesNotContain("<scope>import</scope>");
        String parentVersion = version(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version(bom)).isEqualTo(parentVersion);
    }

    /** The project's own {@code <version>} (the first one after its artifactId). */
    private static String version(String pom) {
        Matcher v = Pattern.compile("<artifactId>(zt-parent|zt-bom)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(v.find()).isTrue();
        return v.group(2);
    }
}
