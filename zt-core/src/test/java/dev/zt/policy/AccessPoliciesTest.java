package dev.zt.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.spi.risk.Decision;
import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The policies path rules and annotations are built from, and their composition, on really verified tokens. */
class AccessPoliciesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ZeroTrust zt = ZeroTrust.builder(ZtConfig.fromMap(Map.of("zt.issuer", TestTokens.ISSUER,
            "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256"))).clock(clock)
            .keySource("default", StaticKeySource.of(KeySet.of(List.of(
                    VerificationKey.of("k1", null, TestKeys.RSA.getPublic()))), "test")).build();

    @AfterEach
    void close() {
        zt.close();
    }

    /** alice: roles user+auditor, scope orders:read, acr pwd authenticated 10 minutes ago. */
    private VerifiedToken alice() {
        return zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1")
                .claim("roles", List.of("user", "auditor")).claim("scope", "orders:read").claim("acr", "pwd")
                .claim("auth_time", clock.instant().minus(Duration.ofMinutes(10)).getEpochSecond())
                .sign("RS256", TestKeys.RSA.getPrivate()));
    }

    private AccessRequest request(VerifiedToken token) {
        return AccessRequest.builder().token(token).time(clock.instant()).method("GET").path("/orders").build();
    }

    private Verdict decide(AccessPolicy p) {
        return p.decide(request(alice()));
    }

    @Test
    void rolesWhenOneOfTheRolesIsHeldThenGranted() {
        assertThat(decide(AccessPolicies.roles(Set.of("admin", "auditor"), false)).granted()).isTrue();
    }

    @Test
    void rolesWhenAllRolesAreRequiredAndOneIsMissingThenInsufficientRole() {
        Verdict v = decide(AccessPolicies.roles(Set.of("auditor", "admin"), true));
        assertThat(v.reason()).contains(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(v.detail().orElseThrow()).startsWith("all of the roles");
        assertThat(v.scopes()).isEmpty();
        assertThat(decide(AccessPolicies.roles(Set.of("auditor", "user"), true)).granted()).isTrue();
    }

    @Test
    void scopesWhenNoScopeMatchesThenInsufficientScopeNamingTheScopes() {
        Verdict v = decide(AccessPolicies.scopes(Set.of("orders:write", "orders:admin"), false));
        assertThat(v.reason()).contains(RejectionReason.INSUFFICIENT_SCOPE);
        assertThat(v.scopes().orElseThrow()).containsExactlyInAnyOrder("orders:write", "orders:admin");
        assertThat(decide(AccessPolicies.scopes(Set.of("orders:write", "orders:read"), false)).granted()).isTrue();
        assertThat(decide(AccessPolicies.scopes(Set.of("orders:write", "orders:read"), true)).reason())
                .contains(RejectionReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void acrWhenItDiffersThenStepUpNamingAcrAndMaxAge() {
        Verdict v = decide(AccessPolicies.acr("mfa", Duration.ofMinutes(5)));
        assertThat(v.isStepUp()).isTrue();
        assertThat(v.acr()).contains("mfa");
        assertThat(v.maxAge()).contains(Duration.ofMinutes(5));
    }

    @Test
    void acrWhenAuthenticationIsOlderThanMaxAgeThenStepUp() {
        assertThat(decide(AccessPolicies.acr("pwd", Duration.ofMinutes(15))).granted()).isTrue();
        Verdict stale = decide(AccessPolicies.acr("pwd", Duration.ofMinutes(5)));
        assertThat(stale.isStepUp()).isTrue();
        assertThat(stale.detail().orElseThrow()).contains("more recent");
    }

    @Test
    void acrWhenMaxAgeIsSetAndAuthTimeIsAbsentThenStepUp() {
        VerifiedToken noAuthTime = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1")
                .claim("acr", "pwd").sign("RS256", TestKeys.RSA.getPrivate()));
        assertThat(AccessPolicies.acr("pwd", Duration.ofHours(1)).decide(request(noAuthTime)).isStepUp()).isTrue();
        assertThat(AccessPolicies.acr("pwd", null).decide(request(noAuthTime)).granted()).isTrue();
    }

    @Test
    void permitAllAndEmptyAllOfRequireNothing() {
        assertThat(decide(AccessPolicies.permitAll()).granted()).isTrue();
        assertThat(decide(AccessPolicies.allOf(List.of())).granted()).isTrue();
    }

    @Test
    void allOfWhenAStepUpAndAHardRefusalApplyThenTheHardRefusalWinsWhateverTheOrder() {
        AccessPolicy stepUp = AccessPolicies.acr("mfa", null);
        AccessPolicy admin = AccessPolicies.roles(Set.of("admin"), false);
        assertThat(decide(AccessPolicies.allOf(stepUp, admin)).reason()).contains(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(decide(AccessPolicies.allOf(admin, stepUp)).reason()).contains(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(decide(AccessPolicies.allOf(stepUp, AccessPolicies.permitAll())).isStepUp()).isTrue();
    }

    @Test
    void anyOfWhenOneGrantsThenGrantedAndWhenNoneThenTheCurableRefusalFirst() {
        AccessPolicy admin = AccessPolicies.roles(Set.of("admin"), false);
        AccessPolicy mfa = AccessPolicies.acr("mfa", null);
        assertThat(decide(AccessPolicies.anyOf(admin, AccessPolicies.roles(Set.of("user"), false))).granted())
                .isTrue();
        assertThat(decide(AccessPolicies.anyOf(admin, mfa)).isStepUp()).isTrue();
        assertThat(decide(AccessPolicies.anyOf(admin)).reason()).contains(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(decide(AccessPolicies.anyOf(List.of())).reason()).as("deny by default")
                .contains(RejectionReason.ACCESS_DENIED);
    }

    @Test
    void compositesWhenAPolicyThrowsOrReturnsNothingThenRefuseZtUnavailable() {
        AccessPolicy broken = r -> {
            throw new IllegalStateException("bug");
        };
        AccessPolicy empty = r -> null;
        assertThat(decide(AccessPolicies.allOf(AccessPolicies.permitAll(), broken)).reason())
                .contains(RejectionReason.ZT_UNAVAILABLE);
        assertThat(decide(AccessPolicies.allOf(empty, AccessPolicies.permitAll())).reason())
                .contains(RejectionReason.ZT_UNAVAILABLE);
        assertThat(decide(AccessPolicies.anyOf(broken)).reason()).contains(RejectionReason.ZT_UNAVAILABLE);
        assertThat(decide(AccessPolicies.allOf(broken)).reason()).contains(RejectionReason.ZT_UNAVAILABLE);
    }

    @Test
    void maxRiskWhenScoreAboveThenAccessDeniedAndWithoutADecisionFailsClosed() {
        AccessPolicy max = AccessPolicies.maxRisk(30);
        AccessRequest r = request(alice());
        assertThat(max.decide(r.withRisk(Decision.of(Decision.Type.ALLOW, null, null, List.of(), 30))).granted())
                .as("equal passes").isTrue();
        assertThat(max.decide(r.withRisk(Decision.of(Decision.Type.ALLOW, null, null, List.of(), 31))).reason())
                .contains(RejectionReason.ACCESS_DENIED);
        assertThat(max.decide(r).reason()).contains(RejectionReason.ACCESS_DENIED);
    }

    @Test
    void riskWhenDecisionIsEachTypeThenTheMatchingVerdict() {
        AccessRequest r = request(alice());
        AccessPolicy risk = AccessPolicies.risk();
        assertThat(risk.decide(r.withRisk(Decision.allow())).granted()).isTrue();
        Verdict stepUp = risk.decide(r.withRisk(Decision.stepUp("mfa", Duration.ofMinutes(1), "new_country")));
        assertThat(stepUp.acr()).contains("mfa");
        assertThat(stepUp.signals()).containsExactly("new_country");
        assertThat(risk.decide(r.withRisk(Decision.deny("country_blocked"))).reason())
                .contains(RejectionReason.RISK_DENIED);
        assertThat(risk.decide(r.withRisk(Decision.deny("rate_limited").refusedAs(RejectionReason.RATE_LIMITED)))
                .reason()).contains(RejectionReason.RATE_LIMITED);
        Verdict revoke = risk.decide(r.withRisk(Decision.revokeSession("request_burst")));
        assertThat(revoke.reason()).contains(RejectionReason.SESSION_REVOKED);
        assertThat(revoke.revocation()).isEqualTo(Verdict.Revocation.SESSION);
        assertThat(risk.decide(r).refused()).as("no decision: fail closed").isTrue();
    }
}
