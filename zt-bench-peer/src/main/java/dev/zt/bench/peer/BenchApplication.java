package dev.zt.bench.peer;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The benchmark's peer application. In {@code bench.war} its {@code web.xml} selects MicroProfile JWT authentication
 * (WildFly's {@code microprofile-jwt-smallrye}; key, issuer and audience from the {@code mp.jwt.verify.*} system
 * properties the load script sets); in {@code bench-zt.war} the zt filter protects it instead.
 */
@ApplicationPath("/api")
@DeclareRoles("user")
public class BenchApplication extends Application {
}
