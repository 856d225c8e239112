package dev.zt.bench.peer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <strong>Not security: a measuring stick.</strong> The least a bearer-token filter can do on a cached request, for
 * the load benchmark's {@code bench-floor.war} only: read the {@code Authorization} header, look the token up in a
 * map of tokens whose RS256 signature it checked once (nothing else: no expiry, issuer, audience, revocation, session,
 * risk or audit), and hand the application a caller in role {@code user} through a request wrapper, as the zt filter
 * does. What the zt filter costs above this is what its decision costs; what this costs above "no filter" is what any
 * filter that identifies a caller from a bearer token costs on this server. The key is MicroProfile JWT's
 * ({@code mp.jwt.verify.publickey.location}, which the load script sets). {@code /api/open} passes untouched.
 */
public class BenchFloorFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TOKENS = 10_000;

    private final transient ConcurrentHashMap<String, Boolean> checked = new ConcurrentHashMap<>();
    private transient PublicKey key;

    @Override
    public void init() throws ServletException {
        String location = System.getProperty("mp.jwt.verify.publickey.location");
        if (location == null) {
            throw new ServletException("mp.jwt.verify.publickey.location is not set");
        }
        try { // read here, not with zt's key sources: bench-floor.war carries no zt jar
            String pem = Files.readString(Path.of(URI.create(location)), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ServletException("cannot read the benchmark's public key at " + location, e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req.getRequestURI().equals(req.getContextPath() + "/api/open")) {
            chain.doFilter(req, res);
            return;
        }
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            res.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String token = header.substring(7);
        if (checked.get(token) == null) {
            if (!signed(token)) {
                res.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            if (checked.size() < MAX_TOKENS) {
                checked.put(token, Boolean.TRUE);
            }
        }
        chain.doFilter(new Caller(req), res);
    }

    private boolean signed(String token) {
        int dot = token.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The caller the application sees: {@code @RolesAllowed("user")} asks {@link #isUserInRole}. */
    private static final class Caller extends HttpServletRequestWrapper {
        private static final java.security.Principal BENCH = () -> "bench";

        Caller(HttpServletRequest request) {
            super(request);
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            return BENCH;
        }

        @Override
        public String getRemoteUser() {
            return "bench";
        }

        @Override
        public boolean isUserInRole(String role) {
            return "user".equals(role);
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }
    }
}
