package dev.zt.cdi.internal;

import dev.zt.AccessDeniedException;
import dev.zt.ZeroTrustContext;
import dev.zt.cdi.Claim;
import dev.zt.token.RejectionReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Produces the current {@link ZeroTrustContext} and {@link Claim} values. */
@ApplicationScoped
public class ContextProducers {

    @Inject
    CurrentZeroTrustContext current;

    /**
     * The current caller's context; refused ({@code access_denied}) when no caller was verified. A bean that also
     * serves {@code @PermitAll} methods on public paths injects {@code Instance<ZeroTrustContext>} instead.
     */
    @Produces
    @Dependent
    ZeroTrustContext context() {
        return current.get().orElseThrow(() -> new AccessDeniedException(RejectionReason.ACCESS_DENIED,
                "no zt-verified caller in this context"));
    }

    private Object claim(InjectionPoint ip) {
        String name = name(ip);
        return current.get().map(c -> c.token().claims().get(name)).orElse(null);
    }

    private static String name(InjectionPoint ip) {
        Claim claim = ip.getAnnotated().getAnnotation(Claim.class);
        String name = claim == null ? "" : claim.value();
        if (name.isEmpty()) {
            throw new IllegalStateException("@Claim needs a claim name at " + ip.getMember());
        }
        return name;
    }

    @Produces
    @Dependent
    @Claim
    String stringClaim(InjectionPoint ip) {
        Object v = claim(ip);
        if (v == null) {
            throw new AccessDeniedException(RejectionReason.ACCESS_DENIED, "the caller's token has no " + name(ip)
                    + " claim");
        }
        return String.valueOf(v);
    }

    @Produces
    @Dependent
    @Claim
    Optional<String> optionalClaim(InjectionPoint ip) {
        return Optional.ofNullable(claim(ip)).map(String::valueOf);
    }

    @Produces
    @Dependent
    @Claim
    Set<String> setClaim(InjectionPoint ip) {
        Object v = claim(ip);
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                out.add(String.valueOf(o));
            }
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return Set.copyOf(out);
    }

    @Produces
    @Dependent
    @Claim
    Instant instantClaim(InjectionPoint ip) {
        Object v = claim(ip);
        if (v instanceof Long) {
            return Instant.ofEpochSecond((Long) v);
        }
        if (v instanceof BigDecimal) {
            return Instant.ofEpochMilli(((BigDecimal) v).movePointRight(3).longValue());
        }
        return null;
    }
}
