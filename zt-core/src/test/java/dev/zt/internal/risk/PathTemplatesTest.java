package dev.zt.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Endpoints without their identifiers, and junk paths kept small. */
class PathTemplatesTest {

    @Test
    void identifiersBecomePlaceholdersAndWordsAndVersionsStay() {
        assertThat(PathTemplates.of("/api/orders/1042/items")).isEqualTo("/api/orders/{}/items");
        assertThat(PathTemplates.of("/api/v2/customers/3f2b9c1e-8d4a-4b7e-9a61-0c2f5d7e8a90"))
                .isEqualTo("/api/v2/customers/{}");
        assertThat(PathTemplates.of("/files/a1b2c3d4e5")).isEqualTo("/files/{}");
        assertThat(PathTemplates.of("/static/aVeryLongSlugThatIsSurelyGenerated")).isEqualTo("/static/{}");
        assertThat(PathTemplates.of("//api///whoami/")).isEqualTo("/api/whoami");
        assertThat(PathTemplates.of("")).isEqualTo("/");
    }

    @Test
    void theHashIsTheTemplatesHashWithoutBuildingIt() {
        java.util.Random r = new java.util.Random(3);
        java.util.List<String> paths = new java.util.ArrayList<>(java.util.List.of("", "/", "//", "/api/orders/1042/items",
                "/api/v2/customers/3f2b9c1e-8d4a-4b7e-9a61-0c2f5d7e8a90", "/a/b/c/d/e/f/g/h/i/j/k",
                "/" + "abcdefghijklmnopqrstuvw/".repeat(20), "/" + "x".repeat(119), "/" + "x".repeat(120),
                "/" + "abcdefghij/".repeat(11)));
        String alphabet = "/ab9vV-_.";
        for (int i = 0; i < 2000; i++) {
            StringBuilder p = new StringBuilder();
            for (int k = r.nextInt(60); k > 0; k--) {
                p.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            paths.add(p.toString());
        }
        for (String p : paths) {
            assertThat(PathTemplates.hash(p)).as(p).isEqualTo(dev.zt.spi.risk.Baseline.templateHash(PathTemplates.of(p)));
        }
    }

    @Test
    void aJunkPathIsCutToEightSegmentsAndAHundredAndTwentyCharacters() {
        assertThat(PathTemplates.of("/a/b/c/d/e/f/g/h/i/j/k")).isEqualTo("/a/b/c/d/e/f/g/h");
        assertThat(PathTemplates.of("/" + "abcdefghijklmnopqrstuvw/".repeat(20)).length()).isLessThanOrEqualTo(120);
    }
}
