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
    void aJunkPathIsCutToEightSegmentsAndAHundredAndTwentyCharacters() {
        assertThat(PathTemplates.of("/a/b/c/d/e/f/g/h/i/j/k")).isEqualTo("/a/b/c/d/e/f/g/h");
        assertThat(PathTemplates.of("/" + "abcdefghijklmnopqrstuvw/".repeat(20)).length()).isLessThanOrEqualTo(120);
    }
}
