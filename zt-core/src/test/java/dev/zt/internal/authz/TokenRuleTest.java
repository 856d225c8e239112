package dev.zt.internal.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.authz.TokenRule.Unmet;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.spi.KeySet;
import dev.zt.spi.VerificationKey;
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

/** The roles/scopes/acr rule shared by path rules and annotations, on really signed and verified tokens. */
class TokenRuleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ZeroTrust zt = ZeroTrust.builder(ZtConfig.fromMap(Map.of("zt.issuer", TestTokens.ISSUER,
            "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256"))).clock(clock)
            .keySource("default", new StaticKeySource(KeySet.of(List.of(
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

    private static TokenRule roles(boolean all, String... roles) {
        return new TokenRule(Set.of(roles), all, Set.of(), false, null, null);
    }

    private static TokenRule scopes(boolean all, String... scopes) {
        return new TokenRule(Set.of(), false, Set.of(scopes), all, null, null);
    }

    @Test
    void checkGrantsWhenOneOfTheRolesIsHeldThenMet() {
        assertThat(roles(false, "admin", "auditor").checkGrants(alice())).isNull();
    }

    @Test
    void checkGrantsWhenAllRolesAreRequiredAndOneIsMissingThenInsufficientRole() {
        Unmet unmet = roles(true, "auditor", "admin").checkGrants(alice());
        assertThat(unmet.reason).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(unmet.detail).startsWith("all of the roles");
        assertThat(unmet.scopes).isNull();
        assertThat(roles(true, "auditor", "user").checkGrants(alice())).isNull();
    }

    @Test
    void checkGrantsWhenNoScopeMatchesThenInsufficientScopeNamingTheScopes() {
        Unmet unmet = scopes(false, "orders:write", "orders:admin").checkGrants(alice());
        assertThat(unmet.reason).isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
        assertThat(unmet.scopes).containsExactlyInAnyOrder("orders:write", "orders:admin");
        assertThat(scopes(false, "orders:write", "orders:read").checkGrants(alice())).isNull();
        assertThat(scopes(true, "orders:write", "orders:read").checkGrants(alice()).reason)
                .isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void checkAuthenticationWhenAcrDiffersThenStepUpNamingAcrAndMaxAge() {
        TokenRule rule = new TokenRule(Set.of(), false, Set.of(), false, "mfa", Duration.ofMinutes(5));
        Unmet unmet = rule.checkAuthentication(alice(), clock.instant());
        assertThat(unmet.reason).isEqualTo(RejectionReason.STEP_UP_REQUIRED);
        assertThat(unmet.acr).isEqualTo("mfa");
        assertThat(unmet.maxAge).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void checkAuthenticationWhenAuthenticationIsOlderThanMaxAgeThenStepUp() {
        VerifiedToken token = alice();
        assertThat(new TokenRule(Set.of(), false, Set.of(), false, "pwd", Duration.ofMinutes(15))
                .checkAuthentication(token, clock.instant())).isNull();
        Unmet stale = new TokenRule(Set.of(), false, Set.of(), false, "pwd", Duration.ofMinutes(5))
                .checkAuthentication(token, clock.instant());
        assertThat(stale.reason).isEqualTo(RejectionReason.STEP_UP_REQUIRED);
        assertThat(stale.detail).contains("more recent");
    }

    @Test
    void checkAuthenticationWhenMaxAgeIsSetAndAuthTimeIsAbsentThenStepUp() {
        VerifiedToken noAuthTime = zt.verifier().verify(TestTokens.valid(clock.instant()).kid("k1")
                .claim("acr", "pwd").sign("RS256", TestKeys.RSA.getPrivate()));
        assertThat(new TokenRule(Set.of(), false, Set.of(), false, "pwd", Duration.ofHours(1))
                .checkAuthentication(noAuthTime, clock.instant()).reason).isEqualTo(RejectionReason.STEP_UP_REQUIRED);
    }

    @Test
    void noneRequiresNothing() {
        assertThat(TokenRule.NONE.checkGrants(alice())).isNull();
        assertThat(TokenRule.NONE.checkAuthentication(alice(), clock.instant())).isNull();
    }
}
