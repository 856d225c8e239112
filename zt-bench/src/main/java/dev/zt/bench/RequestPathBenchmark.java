package dev.zt.bench;

import dev.zt.spi.risk.Decision;
import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.session.SessionCheck;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.token.VerifiedToken;

import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's whole per-request work, as the filter does it, on a warm engine with 4,096 callers (so that the rate
 * check sees a realistic spread, not one caller hammering): {@code verifyOnly} is the baseline (a warm verification),
 * {@code accessTokenRequest} adds the risk engine (history, profile, built-in checks, trust policy), and
 * {@code sessionTokenRequest} adds the session check. Run with {@code -prof gc} for the allocation per request.
 */
public class RequestPathBenchmark extends AverageTimeBenchmark {

    private static final int CALLERS = 4096;

    /**
     * The risk checks: {@code all} (every built-in, the default) or {@code v1} (the seven of the first version, before
     * the network and behaviour checks): their difference is what those checks cost.
     */
    @Param({"all", "v1"})
    public String checks;

    private ZeroTrust zt;
    private String[] accessTokens;
    private String[] sessionTokens;

    @Setup
    public void setup() {
        Fixtures.Keys keys = Fixtures.keys("RS256");
        Map<String, String> settings = new java.util.HashMap<>(Map.of("zt.issuer", Fixtures.ISSUER, "zt.audience",
                Fixtures.AUDIENCE, "zt.algorithms", "RS256", "zt.risk.rate.max-per-minute", "1000000",
                "zt.risk.rate.revoke-per-minute", "1000000"));
        if (checks.equals("v1")) {
            settings.put("zt.risk.checks", "new-country, impossible-travel, new-device, request-rate,"
                    + " authorization-failures, session-hijack, shared-signals");
        }
        ZtConfig config = ZtConfig.fromMap(settings);
        zt = ZeroTrust.builder(config).keySource("default", StaticKeySource.of(KeySet.of(List.of(
                VerificationKey.of("k1", null, keys.verifying()))), "bench")).build();
        accessTokens = new String[CALLERS];
        sessionTokens = new String[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            accessTokens[i] = Fixtures.token(keys, i);
            sessionTokens[i] = zt.sessions().create(zt.verifier().verify(accessTokens[i])).token();
            zt.verifier().verify(sessionTokens[i]);
        }
    }

    @TearDown
    public void close() {
        zt.close();
    }

    /** One thread's position among the callers. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;

        int next() {
            i = (i + 1) & (CALLERS - 1);
            return i;
        }
    }

    @Benchmark
    public Object verifyOnly(Cursor c) {
        return zt.verifier().verify(accessTokens[c.next()]);
    }

    @Benchmark
    public Decision accessTokenRequest(Cursor c) {
        VerifiedToken token = zt.verifier().verify(accessTokens[c.next()]);
        return zt.risk().evaluate(zt.risk().context(token, null, "192.0.2.10", null).method("GET")
                .path("/api/orders").userAgent("bench").build());
    }

    @Benchmark
    public Decision sessionTokenRequest(Cursor c) {
        VerifiedToken token = zt.verifier().verify(sessionTokens[c.next()]);
        SessionCheck check = zt.sessions().check(token);
        return zt.risk().evaluate(zt.risk().context(token, check.session(), "192.0.2.10", null).method("GET")
                .path("/api/orders").userAgent("bench").build());
    }
}
