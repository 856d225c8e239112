package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every configuration key that exists in code is documented in docs/configuration.md. */
class ConfigurationDocsTest {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));
    /** Literals that look like keys but are not: the properties file name, meter names and span attributes. */
    private static final Set<String> NOT_KEYS = Set.of("zt.properties", "zt.decisions", "zt.reasons",
            "zt.decision.duration", "zt.decision", "zt.reason", "zt.issuer", "zt.subject.hash", "zt.risk.score",
            "zt.event",
            "zt.ssf.lag", "zt.ssf.sets.received", "zt.ssf.sets.rejected");
    private static final Pattern KEY_LITERAL = Pattern.compile("\"(zt\\.[a-z0-9.-]*[a-z0-9])\"");

    private static String docs() throws IOException {
        return Files.readString(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
    }

    @Test
    void everyKnownKeyIsDocumented() throws IOException {
        String docs = docs();
        List<String> missing = new ArrayList<>();
        for (String key : ConfigKeys.fixedKeys()) {
            if (!docs.contains("`" + key + "`")) {
                missing.add(key);
            }
        }
        for (String sub : ConfigKeys.ISSUER_KEYS.keySet()) {
            String named = "`zt.issuers.<name>." + sub + "`";
            if (!docs.contains(named)) {
                missing.add(named);
            }
        }
        for (String sub : ConfigKeys.TRANSMITTER_KEYS.keySet()) {
            String named = "`zt.ssf.transmitters.<name>." + sub + "`";
            if (!docs.contains(named)) {
                missing.add(named);
            }
        }
        assertThat(missing).as("keys missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyKeyLiteralInSourceCodeIsDocumented() throws IOException {
        String docs = docs();
        Set<String> literals = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src" + java.io.File.separator
                    + "main")).forEach(p -> {
                        try {
                            Matcher m = KEY_LITERAL.matcher(Files.readString(p, StandardCharsets.UTF_8));
                            while (m.find()) {
                                literals.add(m.group(1));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        assertThat(literals).as("the scan found the code's keys").contains("zt.token.max-length");
        List<String> missing = new ArrayList<>();
        for (String key : literals) {
            if (!docs.contains("`" + key + "`") && !NOT_KEYS.contains(key)) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys used in code but missing from docs/configuration.md").isEmpty();
    }
}
