package dev.zt.internal.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigurationException;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.spi.risk.AutonomousSystem;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.RiskContext;
import dev.zt.testing.GeoData;
import dev.zt.testing.LogCapture;
import dev.zt.testing.MmdbWriter;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * The MaxMind DB locator on real data (ip-location-db's whois country and GeoLite2 City databases, ASN rows from its
 * CSV) and on databases in MaxMind's GeoIP2 schema written for the test: addresses whose answer the data fixes
 * (well-known resolvers, RIR blocks), IPv4 and IPv6, both schemas, reload, and what fails start-up.
 */
class MmdbGeoLocatorTest {

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    private MmdbGeoLocator locator(List<Path> locations, List<Path> asn) {
        return new MmdbGeoLocator(locations, asn, 1000, clock);
    }

    private static String country(MmdbGeoLocator l, String address) {
        return l.locate(address).map(GeoLocation::country).orElse("-");
    }

    @Test
    void theWhoisDatabaseLocatesResolversAndRirBlocksOverIpv4AndIpv6() throws Exception {
        MmdbGeoLocator l = locator(List.of(GeoData.whoisCountry()), List.of());
        assertThat(country(l, "8.8.8.8")).isEqualTo("US"); // Google Public DNS
        assertThat(country(l, "9.9.9.9")).isEqualTo("US"); // Quad9, registered in the US
        assertThat(country(l, "193.0.6.139")).isEqualTo("NL"); // RIPE NCC, Amsterdam
        assertThat(country(l, "2001:4860:4860::8888")).isEqualTo("US");
        assertThat(country(l, "::ffff:8.8.8.8")).as("an IPv4-mapped address is its IPv4 address").isEqualTo("US");
        assertThat(country(l, "[2001:4860:4860::8888]")).isEqualTo("US");
        assertThat(l.locate("8.8.8.8").orElseThrow().hasCoordinates()).isFalse(); // a country database
        assertThat(country(l, "127.0.0.1")).isEqualTo("-");
        assertThat(country(l, "10.1.2.3")).isEqualTo("-");
        assertThat(country(l, "dns.google")).as("a name is never resolved").isEqualTo("-");
        assertThat(country(l, "")).isEqualTo("-");
    }

    @Test
    void geoLiteCityGivesCoordinatesAndNeverAsksTheIpv4FileAboutAnIpv6Address() throws Exception {
        MmdbGeoLocator l = locator(GeoData.geoliteCity(), List.of());
        GeoLocation ripe = l.locate("193.0.6.139").orElseThrow();
        assertThat(ripe.country()).isEqualTo("NL");
        assertThat(ripe.latitude().getAsDouble()).isBetween(52.0, 53.0); // Amsterdam
        assertThat(ripe.longitude().getAsDouble()).isBetween(4.5, 5.5);
        assertThat(ripe.accuracyRadiusKm()).as("the flat schema has no radius").isEmpty();
        // the IPv4 file's tree would answer for an IPv6 address from its first bits (it says CN); the IPv6 file knows
        assertThat(country(l, "2a00:1450:4001::1")).isEqualTo("DE");
        assertThat(locator(List.of(GeoData.geoliteCity().get(0)), List.of()).locate("2a00:1450:4001::1")).isEmpty();
    }

    private Path geoip2(String name, String cidr, String country, double lat, double lon, int radius) throws Exception {
        Path f = dir.resolve(name);
        new MmdbWriter("GeoIP2-City").add(cidr, Map.of("country", Map.of("iso_code", country, "names",
                Map.of("en", "x")), "registered_country", Map.of("iso_code", country), "location", Map.of("latitude",
                lat, "longitude", lon, "accuracy_radius", radius, "time_zone", "Europe/Stockholm")))
                .add("2001:db8::/32", Map.of("registered_country", Map.of("iso_code", "JP"))) // anycast: no country
                .write(f);
        return f;
    }

    @Test
    void theGeoIp2SchemaGivesCountryCoordinatesAndAccuracyRadius() throws Exception {
        MmdbGeoLocator l = locator(List.of(geoip2("city.mmdb", "89.160.20.112/28", "SE", 59.33, 18.06, 50)),
                List.of());
        GeoLocation g = l.locate("89.160.20.115").orElseThrow();
        assertThat(g.country()).isEqualTo("SE");
        assertThat(g.latitude().getAsDouble()).isEqualTo(59.33);
        assertThat(g.accuracyRadiusKm()).hasValue(50);
        assertThat(country(l, "89.160.20.128")).isEqualTo("-");
        assertThat(country(l, "2001:db8::1")).as("registered country when there is no country").isEqualTo("JP");
    }

    @Test
    void anAsnDatabaseNamesTheProviderNetwork() throws Exception {
        Path asn = GeoData.asnDatabase(dir.resolve("asn.mmdb"), "8.8.8.8", "1.1.1.1", "193.0.6.139",
                "2001:4860:4860::8888");
        MmdbGeoLocator l = locator(List.of(), List.of(asn));
        assertThat(l.network("8.8.8.8")).contains(AutonomousSystem.of(15169, "Google LLC"));
        assertThat(l.network("1.1.1.1").orElseThrow().toString()).isEqualTo("AS13335 (Cloudflare, Inc.)");
        assertThat(l.network("193.0.6.139").orElseThrow().number()).isEqualTo(3333); // RIPE NCC
        assertThat(l.network("2001:4860:4860::8888").orElseThrow().id()).isEqualTo("AS15169");
        assertThat(l.network("127.0.0.1")).isEmpty();
        assertThat(l.locate("8.8.8.8")).isEmpty();
    }

    @Test
    void aChangedFileIsSwappedInWholeAndABrokenOneKeepsThePrevious() throws Exception {
        Path live = dir.resolve("live.mmdb");
        Files.copy(geoip2("se.mmdb", "89.160.20.112/28", "SE", 59.33, 18.06, 50), live);
        MmdbGeoLocator l = locator(List.of(live), List.of());
        assertThat(country(l, "89.160.20.115")).isEqualTo("SE");
        Path next = geoip2("no.mmdb", "89.160.20.112/28", "NO", 59.91, 10.75, 20);
        Files.setLastModifiedTime(next, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        Files.move(next, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(country(l, "89.160.20.115")).as("looked at again only after a while").isEqualTo("SE");
        clock.advance(MmdbGeoLocator.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
        assertThat(country(l, "89.160.20.115")).isEqualTo("NO");
        LogCapture log = LogCapture.start("dev.zt.geo", Level.WARNING);
        try {
            Files.writeString(live, "not a database");
            clock.advance(MmdbGeoLocator.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
            assertThat(country(l, "89.160.20.115")).isEqualTo("NO");
            assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains("the previous version stays"));
        } finally {
            log.close();
        }
    }

    private ZeroTrust engine(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("zt.issuer", TestTokens.ISSUER, "zt.audience",
                TestTokens.AUDIENCE, "zt.algorithms", "RS256"));
        m.putAll(extra);
        return ZeroTrust.builder(ZtConfig.fromMap(m)).clock(clock).keySource("default", StaticKeySource.of(
                KeySet.of(List.of(VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();
    }

    @Test
    void riskChecksSeeTheCountryCoordinatesAndNetworkOfTheClient() throws Exception {
        Path asn = GeoData.asnDatabase(dir.resolve("asn.mmdb"), "193.0.6.139");
        Path cidr = dir.resolve("overrides.csv");
        Files.writeString(cidr, "10.0.0.0/8,DE\n");
        try (ZeroTrust zt = engine(Map.of("zt.geo.mmdb", "file:" + GeoData.geoliteCity().get(0) + ", file:"
                + GeoData.geoliteCity().get(1), "zt.geo.asn-mmdb", "file:" + asn, "zt.geo.cidr-file", "file:" + cidr))) {
            RiskContext ctx = zt.risk().context(zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1")
                    .sign("RS256", TestKeys.RSA.getPrivate())), null, "193.0.6.139", null).build();
            assertThat(ctx.country()).contains("NL");
            assertThat(ctx.location().orElseThrow().hasCoordinates()).isTrue();
            assertThat(ctx.network().orElseThrow().number()).isEqualTo(3333);
            assertThat(zt.risk().locate("10.20.30.40").map(GeoLocation::country)).as("the CIDR file overrides")
                    .contains("DE");
        }
    }

    @Test
    void anOptionalDatabaseIsUsedWhenPresentAndSkippedWhenNot() throws Exception {
        try (ZeroTrust zt = engine(Map.of("zt.geo.mmdb", "optional:file:" + dir.resolve("absent.mmdb")
                + ", optional:file:" + GeoData.whoisCountry()))) {
            assertThat(zt.risk().locate("193.0.6.139").map(GeoLocation::country)).contains("NL");
        }
        try (ZeroTrust zt = engine(Map.of("zt.geo.mmdb", "optional:file:" + dir.resolve("absent.mmdb")))) {
            assertThat(zt.risk().locate("193.0.6.139")).isEmpty();
        }
    }

    @Test
    void aMissingOrWrongDatabaseFailsStartUpNamingTheKey() throws Exception {
        assertThatThrownBy(() -> engine(Map.of("zt.geo.mmdb", "file:" + dir.resolve("missing.mmdb"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.geo.mmdb")
                .hasMessageContaining("missing.mmdb");
        Path asn = GeoData.asnDatabase(dir.resolve("asn.mmdb"), "8.8.8.8");
        assertThatThrownBy(() -> engine(Map.of("zt.geo.mmdb", "file:" + asn)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.geo.asn-mmdb");
        assertThatThrownBy(() -> engine(Map.of("zt.geo.mmdb", "/no/scheme.mmdb")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.geo.mmdb");
        assertThatThrownBy(() -> engine(Map.of("zt.risk.network.deny", "AS0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.risk.network.deny");
        assertThatThrownBy(() -> engine(Map.of("zt.risk.network.step-up", "hosting")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zt.risk.network.step-up");
    }
}
