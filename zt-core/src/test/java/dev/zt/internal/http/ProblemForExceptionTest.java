package dev.zt.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.AccessDeniedException;
import dev.zt.StepUpRequiredException;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one mapping of zt's exceptions to HTTP answers, shared by the filter and the JAX-RS mappers. */
class ProblemForExceptionTest {

    private static String body(Problem p) {
        return new String(p.body(), StandardCharsets.UTF_8);
    }

    @Test
    void accessDeniedAnswersItsReasonAndScopes() {
        Problem p = Problem.forException(new AccessDeniedException(RejectionReason.INSUFFICIENT_SCOPE, "x",
                Set.of("orders:write")), "app", 5);
        assertThat(p.reason()).isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.headers().get("WWW-Authenticate")).contains("scope=\"orders:write\"");
    }

    @Test
    void stepUpAnswersTheRfc9470Challenge() {
        Problem p = Problem.forException(new StepUpRequiredException("mfa", Duration.ofMinutes(5), "x"), "app", 5);
        assertThat(p.reason()).isEqualTo(RejectionReason.STEP_UP_REQUIRED);
        assertThat(p.status()).isEqualTo(401);
        assertThat(p.headers().get("WWW-Authenticate")).contains("acr_values=\"mfa\"").contains("max_age=\"300\"");
    }

    @Test
    void tokenRejectionNeverInventsAChallengeItDoesNotCarry() {
        assertThat(Problem.forException(new TokenRejectedException(RejectionReason.STEP_UP_REQUIRED, "x"), "app", 5)
                .reason()).isEqualTo(RejectionReason.ACCESS_DENIED);
        assertThat(Problem.forException(new TokenRejectedException(RejectionReason.INSUFFICIENT_SCOPE, "x"), "app",
                5).reason()).isEqualTo(RejectionReason.ACCESS_DENIED);
        Problem unavailable = Problem.forException(new TokenRejectedException(RejectionReason.STORE_UNAVAILABLE,
                "the session store could not answer"), "app", 7);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers().get("Retry-After")).isEqualTo("7");
        assertThat(body(unavailable)).doesNotContain("session store");
    }

    @Test
    void refusalWrappedByTheApplicationOrContainerIsFoundThroughItsCauses() {
        RuntimeException wrapped = new IllegalStateException("ejb wrapper",
                new RuntimeException(new AccessDeniedException(RejectionReason.INSUFFICIENT_ROLE, "x")));
        assertThat(Problem.forException(wrapped, "app", 5).reason()).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
    }

    @Test
    void javaEesEjbAccessExceptionIsInsufficientRoleLikeJakartaEes() {
        Problem p = Problem.forException(new RuntimeException(new javax.ejb.EJBAccessException("no")), "app", 5);
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.reason()).isEqualTo(RejectionReason.INSUFFICIENT_ROLE);
    }

    @Test
    void otherExceptionsAreNotRefusals() {
        assertThat(Problem.forException(new IllegalStateException("bug"), "app", 5)).isNull();
        assertThat(Problem.forException(new RuntimeException(new NullPointerException()), "app", 5)).isNull();
    }
}
