package dev.zt.filter;

import dev.zt.ZeroTrust;
import dev.zt.config.ConfigSource;
import dev.zt.config.ZtConfig;
import dev.zt.filter.internal.settings.FilterSettings;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.KeySource;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Engine + filter + server for one test, configured by map. */
final class FilterFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final Map<String, String> settings = new HashMap<>();
    KeySource keys = StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))),
            "test");
    ZeroTrust engine;
    TestServer server;
    /** A filter before zt's, or null. */
    jakarta.servlet.Filter outer;
    final java.util.List<dev.zt.spi.risk.RiskCheck> riskChecks = new java.util.ArrayList<>();
    /** Key sources of further named issuers ({@code zt.issuers.<name>.*}). */
    final Map<String, KeySource> issuerKeys = new HashMap<>();
    /** Further changes to the engine's builder (e.g. stores of the test's own). */
    final List<java.util.function.Consumer<ZeroTrust.Builder>> customizers = new java.util.ArrayList<>();

    FilterFixture() {
        settings.put("zt.issuer", TestTokens.ISSUER);
        settings.put("zt.audience", TestTokens.AUDIENCE);
        settings.put("zt.algorithms", "RS256");
        // a test's own risk checks run on the risk pool, whose first thread of a cold JVM on a loaded CI machine can
        // miss the 50 ms default (the request would be denied, risk_check_failed); the budget is tested in zt-core
        settings.put("zt.risk.timeout", "10s");
    }

    FilterFixture with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    FilterFixture start() throws Exception {
        ZtConfig config = ZtConfig.builder().moduleKeys(FilterSettings.KEYS).source(ConfigSource.of("test", settings))
                .build();
        ZeroTrust.Builder b = ZeroTrust.builder(config).clock(clock);
        if (keys != null) { // null: the issuer's configured key source (e.g. its discovery document)
            b.keySource("default", keys);
        }
        riskChecks.forEach(b::riskCheck);
        issuerKeys.forEach(b::keySource);
        customizers.forEach(c -> c.accept(b));
        engine = b.build();
        server = new TestServer(engine, outer);
        return this;
    }

    TestTokens token() {
        return TestTokens.valid(clock.instant()).kid("k1");
    }

    String access() {
        return token().sign("RS256", TestKeys.RSA.getPrivate());
    }

    String access(TestTokens t) {
        return t.sign("RS256", TestKeys.RSA.getPrivate());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
