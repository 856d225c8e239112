package dev.zt.sample.idp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DEMO ONLY: two users with passwords, roles, scopes and TOTP secrets, in code. A real application authenticates
 * against its user store or delegates to an identity provider (then zt verifies that provider's tokens).
 */
public final class DemoUsers {

    /** One demo user. */
    public static final class User {
        public final String name;
        final String password;
        public final Set<String> roles;
        public final Set<String> scopes;
        public final String totpSecret;

        User(String name, String password, Set<String> roles, Set<String> scopes, String totpSecret) {
            this.name = name;
            this.password = password;
            this.roles = roles;
            this.scopes = scopes;
            this.totpSecret = totpSecret;
        }
    }

    private static final Map<String, User> USERS = Map.of(
            "alice", new User("alice", "alice-password", Set.of("user"), Set.of("orders:read", "orders:write"),
                    "JBSWY3DPEHPK3PXP"),
            "bob", new User("bob", "bob-password", Set.of("user", "admin"), Set.of("orders:read"),
                    "KRSXG5CTMVRXEZLU"));

    private DemoUsers() {
    }

    /** The user, when the password matches. */
    public static Optional<User> authenticate(String name, String password) {
        User u = name == null ? null : USERS.get(name);
        if (u == null || password == null) {
            return Optional.empty();
        }
        boolean ok = MessageDigest.isEqual(u.password.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return ok ? Optional.of(u) : Optional.empty();
    }

    /** A user by name. */
    public static Optional<User> byName(String name) {
        return Optional.ofNullable(USERS.get(name));
    }
}
