package dev.zt.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.AccessDeniedException;
import dev.zt.spi.risk.Decision;
import dev.zt.StepUpRequiredException;
import dev.zt.ZeroTrustContext;
import dev.zt.cdi.internal.ContextProducers;
import dev.zt.cdi.internal.CurrentZeroTrustContext;
import dev.zt.cdi.internal.PublishedContexts;
import dev.zt.cdi.internal.SecurityInterceptor;
import dev.zt.cdi.internal.SecurityMetadata;
import dev.zt.cdi.internal.ZeroTrustRuntime;
import dev.zt.cdi.internal.ZeroTrustExtension;
import dev.zt.token.RejectionReason;
import dev.zt.token.VerifiedToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** Every annotation, inheritance and override, injection and metadata caching, in-process with Weld. */
@EnableWeld
class SecurityInterceptorTest {

    private final ZeroTrustExtension extension = new ZeroTrustExtension();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(Beans.Orders.class, Beans.AdminService.class, Beans.ChildResource.class,
                    Beans.Open.class, Beans.Injected.class, Beans.ReportsBean.class,
                    SecurityInterceptor.class, CurrentZeroTrustContext.class, PublishedContexts.class,
                    ContextProducers.class, ZeroTrustRuntime.class).addExtension(extension))
            .activate(RequestScoped.class).build();

    @Inject
    Beans.Orders orders;

    @Inject
    Beans.AdminService admin;

    @Inject
    Beans.ChildResource child;

    @Inject
    Beans.Open open;

    @Inject
    CurrentZeroTrustContext current;

    @Inject
    Beans.Reports reports;

    @Inject
    jakarta.enterprise.inject.Instance<Beans.Injected> injected;

    private void caller(VerifiedToken.Builder token, int riskScore) {
        VerifiedToken t = token.algorithm("RS256").issuer("https://idp").expiresAt(Instant.now().plusSeconds(300))
                .build();
        current.set(ZeroTrustContext.builder().token(t).bearerToken("compact").clientAddress("127.0.0.1")
                .decision(Decision.of(Decision.Type.ALLOW, null, null, List.of(), riskScore)).build());
    }

    private void caller(VerifiedToken.Builder token) {
        caller(token, 0);
    }

    private static VerifiedToken.Builder alice() {
        return VerifiedToken.builder().subject("alice");
    }

    private static RejectionReason denied(Runnable call) {
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class, call::run);
        assertThat(e).as("access denied").isNotNull();
        return e.reason();
    }

    @Test
    void authenticatedWhenNoVerifiedCallerThenDeniedButPermitAllRuns() {
        assertThat(denied(orders::list)).isEqualTo(RejectionReason.ACCESS_DENIED);
        assertThat(orders.ping()).isEqualTo("pong");
        caller(alice());
        assertThat(orders.list()).isEqualTo("list");
    }

    @Test
    void requiresScopeAnyAndAll() {
        caller(alice().scopes(Set.of("orders:read", "a")));
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class, orders::create);
        assertThat(e.reason()).isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
        assertThat(e.scopes()).containsExactly("orders:write");
        assertThat(denied(orders::bothScopes)).isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
        caller(alice().scopes(Set.of("orders:write", "a", "b")));
        assertThat(orders.create()).isEqualTo("create");
        assertThat(orders.bothScopes()).isEqualTo("both");
    }

    @Test
    void requiresRoleAnyAndAll() {
        caller(alice().roles(Set.of("a")));
        assertThat(denied(orders::delete)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(denied(orders::bothRoles)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        caller(alice().roles(Set.of("admin", "a", "b")));
        assertThat(orders.delete()).isEqualTo("delete");
        assertThat(orders.bothRoles()).isEqualTo("both");
    }

    @Test
    void denyAllDeniesEveryone() {
        caller(alice().roles(Set.of("admin")));
        assertThat(denied(orders::nuke)).isEqualTo(RejectionReason.ACCESS_DENIED);
    }

    @Test
    void requiresAcrAsksForStepUpWhenAcrMissingOrAuthenticationTooOld() {
        caller(alice().acr("pwd").authTime(Instant.now()));
        StepUpRequiredException e = catchThrowableOfType(StepUpRequiredException.class, orders::transfer);
        assertThat(e.acr()).isEqualTo("mfa");
        assertThat(e.maxAge()).contains(Duration.ofSeconds(300));
        caller(alice().acr("mfa").authTime(Instant.now().minusSeconds(600)));
        assertThatThrownBy(orders::transfer).isInstanceOf(StepUpRequiredException.class);
        caller(alice().acr("mfa").authTime(Instant.now().minusSeconds(60)));
        assertThat(orders.transfer()).isEqualTo("transfer");
    }

    @Test
    void maxRiskComparesTheDecisionsScore() {
        caller(alice(), 40);
        assertThat(denied(orders::risky)).isEqualTo(RejectionReason.ACCESS_DENIED);
        caller(alice(), 10);
        assertThat(orders.risky()).isEqualTo("risky");
    }

    @Test
    void requiresProofOfPossessionNeedsASenderConstrainedToken() {
        caller(alice());
        assertThat(denied(orders::pay)).isEqualTo(RejectionReason.PROOF_OF_POSSESSION_REQUIRED);
        caller(alice().confirmation(java.util.Map.of("x5t#S256", "cert-thumbprint")));
        assertThat(orders.pay()).isEqualTo("pay");
        assertThat(denied(orders::payWithDpop)).isEqualTo(RejectionReason.PROOF_OF_POSSESSION_REQUIRED);
        caller(alice().confirmation(java.util.Map.of("jkt", "key-thumbprint")));
        assertThat(orders.payWithDpop()).isEqualTo("pay");
    }

    @Test
    void requiresPermissionWithoutAPolicyDecisionPointFailsClosed() {
        caller(alice());
        assertThat(denied(() -> orders.approve("alice-1"))).isEqualTo(RejectionReason.PDP_UNAVAILABLE);
    }

    @Test
    void aPermissionIdThatNamesNoParameterFailsTheDeployment() {
        class Bad {
            @RequiresPermission(resource = "order", action = "approve", id = "{orderId}")
            public String approve(String unnamed) {
                return unnamed;
            }

            @RequiresPermission(resource = "order", action = "approve", id = "{3}")
            public String approveFourth(String unnamed) {
                return unnamed;
            }
        }
        assertThat(dev.zt.cdi.internal.SecurityMetadata.validate(Bad.class)).hasSize(2)
                .allMatch(p -> p.contains("@RequiresPermission id"));
    }

    @Test
    void requiresClaimNeedsEveryClaimValue() {
        caller(alice().claims(Map.of("tenant", "acme", "groups", List.of("sales"))));
        assertThat(denied(orders::tenant)).isEqualTo(RejectionReason.ACCESS_DENIED);
        caller(alice().claims(Map.of("tenant", "acme", "groups", List.of("sales", "finance"))));
        assertThat(orders.tenant()).isEqualTo("tenant");
    }

    @Test
    void rolesAllowedIsEnforcedOnPlainCdiBeans() {
        caller(alice().roles(Set.of("user")));
        assertThat(denied(orders::audit)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(denied(admin::stats)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(admin.health()).isEqualTo("ok");
        caller(alice().roles(Set.of("admin", "auditor")));
        assertThat(admin.stats()).isEqualTo("stats");
        assertThat(orders.audit()).isEqualTo("audit");
    }

    @Test
    void subclassInheritsClassDefaultAndOverriddenMethodRequirements() {
        caller(alice().roles(Set.of("user")));
        assertThat(denied(child::read)).isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
        assertThat(child.other()).isEqualTo("base-other");
        assertThat(denied(child::adminOnly)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        caller(alice().roles(Set.of("admin")));
        assertThat(denied(child::other)).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(child.adminOnly()).isEqualTo("admin");
        caller(alice().roles(Set.of("user")).scopes(Set.of("read")));
        assertThat(child.read()).isEqualTo("child-read");
    }

    @Test
    void unannotatedBeansAreNotIntercepted() {
        assertThat(open.hello()).isEqualTo("hello");
    }

    @Test
    void metadataIsResolvedOncePerMethodAndTarget() {
        caller(alice().roles(Set.of("admin")));
        SecurityMetadata metadata = extension.metadata();
        orders.delete();
        int after = metadata.resolutions();
        for (int i = 0; i < 100; i++) {
            orders.delete();
        }
        assertThat(metadata.resolutions()).isEqualTo(after);
        orders.list();
        assertThat(metadata.resolutions()).isEqualTo(after + 1);
    }

    @Test
    void contextAndClaimsAreInjected() {
        caller(alice().claims(Map.of("email", "alice@example.test", "groups", List.of("g1", "g2"), "auth_time",
                1_764_496_800L)));
        Beans.Injected i = injected.get();
        assertThat(i.context.subject()).contains("alice");
        assertThat(i.email).isEqualTo("alice@example.test");
        assertThat(i.nickname).isEmpty();
        assertThat(i.groups).containsExactlyInAnyOrder("g1", "g2");
        assertThat(i.authTime).isEqualTo(Instant.ofEpochSecond(1_764_496_800L));
    }

    @Test
    void annotationsOnAnInterfaceOnlyBindTheInterceptorToItsBean() {
        caller(alice().roles(Set.of("user")));
        assertThat(denied(() -> reports.daily())).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
        assertThat(reports.open()).isEqualTo("open");
        caller(alice().roles(Set.of("auditor")));
        assertThat(reports.daily()).isEqualTo("daily");
    }

    @Test
    void reportOnlyModeLogsTheRefusalAndLetsTheCallProceed() {
        org.jboss.weld.environment.se.Weld reportOnly = new org.jboss.weld.environment.se.Weld("report-only")
                .disableDiscovery().addBeanClasses(Beans.Orders.class, SecurityInterceptor.class,
                        CurrentZeroTrustContext.class, PublishedContexts.class, ReportOnlyRuntime.class)
                .addExtension(new ZeroTrustExtension())
                .alternatives(ReportOnlyRuntime.class);
        try (org.jboss.weld.environment.se.WeldContainer c = reportOnly.initialize()) {
            org.jboss.weld.context.bound.BoundRequestContext ctx = c.select(
                    org.jboss.weld.context.bound.BoundRequestContext.class).get();
            ctx.associate(new java.util.HashMap<>());
            ctx.activate();
            try {
                Beans.Orders o = c.select(Beans.Orders.class).get();
                assertThat(o.delete()).as("no caller, no role: refused in enforce mode, logged here").isEqualTo("delete");
                assertThat(ReportOnlyRuntime.refused).containsExactly("access_denied");
            } finally {
                ctx.deactivate();
            }
        }
    }

    /** The runtime of an application in {@code zt.mode=report-only}. */
    @jakarta.enterprise.inject.Alternative
    @jakarta.enterprise.context.ApplicationScoped
    public static class ReportOnlyRuntime extends ZeroTrustRuntime {
        static final java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public boolean reportOnly() {
            return true;
        }

        @Override
        public void wouldRefuse(String reason, String where, String subject) {
            refused.add(reason);
        }
    }

    @Test
    void contextInjectionWithoutVerifiedCallerIsRefused() {
        assertThatThrownBy(() -> injected.get()).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void contradictoryAnnotationsFailTheDeploymentNamingTheMethod() {
        org.jboss.weld.environment.se.Weld broken = new org.jboss.weld.environment.se.Weld("contradictions")
                .disableDiscovery().addBeanClasses(Contradictions.class, SecurityInterceptor.class,
                        CurrentZeroTrustContext.class, PublishedContexts.class, ZeroTrustRuntime.class)
                .addExtension(new ZeroTrustExtension());
        assertThatThrownBy(() -> broken.initialize().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("Contradictions.confused")
                        .contains("@PermitAll contradicts"));
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
