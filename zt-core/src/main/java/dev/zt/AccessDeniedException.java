package dev.zt;

import dev.zt.lang.ZtException;
import dev.zt.token.RejectionReason;

import java.util.Objects;
import java.util.Set;

/**
 * The caller is known but may not do this (HTTP 403): a missing role ({@code insufficient_role}), a missing scope
 * ({@code insufficient_scope}, with the scopes that would do), a claim that does not match, a risk above the limit, or
 * an explicit denial ({@code access_denied}); or HTTP 401 {@code proof_of_possession_required} for a bearer token where
 * a sender-constrained one is required. Thrown by zt's interceptors; the filter and zt-cdi's JAX-RS mapper render
 * it as the HTTP contract says.
 */
public class AccessDeniedException extends ZtException {
    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;
    private final Set<String> scopes;

    /** Creates the exception with a refusal reason (403, or 401 {@code proof_of_possession_required}). */
    public AccessDeniedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /** Creates the exception with the scopes a challenge should name ({@code insufficient_scope}). */
    public AccessDeniedException(RejectionReason reason, String message, Set<String> scopes) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.scopes = scopes == null ? null : Set.copyOf(scopes);
    }

    /** The reason code. */
    public RejectionReason reason() {
        return reason;
    }

    /** The scopes that would satisfy the resource, for {@code insufficient_scope}; otherwise {@code null}. */
    public Set<String> scopes() {
        return scopes;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
