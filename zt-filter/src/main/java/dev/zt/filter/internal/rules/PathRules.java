package dev.zt.filter.internal.rules;

import dev.zt.config.ConfigurationException;
import dev.zt.config.Durations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The application's microsegmentation: an ordered list of {@code METHOD PATTERN REQUIREMENT...} rules, first match
 * wins, unmatched requests get the default ({@code authenticated}, or {@code deny} with {@code zt.rules.default=deny}).
 *
 * <pre>
 * # method(s)  pattern             requirements
 * GET          /api/admin/**       roles=admin
 * POST,PUT     /api/orders/**      scopes=orders:write
 * *            /api/transfers      acr=mfa max-age=5m
 * *            /api/reports/*      roles-all=auditor,staff max-risk=40
 * *            /internal/**        deny
 * *            /api/payments/**    dpop scopes=payments
 * POST         /api/orders/{id}/approve  permission=order:approve
 * </pre>
 */
public final class PathRules {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private static final class Rule {
        final Set<String> methods;
        final PathPattern pattern;
        final Requirement requirement;

        Rule(Set<String> methods, PathPattern pattern, Requirement requirement) {
            this.methods = methods;
            this.pattern = pattern;
            this.requirement = requirement;
        }
    }

    private final List<Rule> rules;
    private final Requirement fallback;

    private PathRules(List<Rule> rules, Requirement fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    /** No rules: everything requires authentication (or is denied). */
    public static PathRules none(boolean denyByDefault) {
        return new PathRules(List.of(), denyByDefault ? Requirement.DENY : Requirement.AUTHENTICATED);
    }

    /**
     * Parses a rules document.
     *
     * @throws ConfigurationException naming the source and line of the first bad rule
     */
    public static PathRules parse(String text, String source, boolean denyByDefault) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(rule(line));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("zt.rules", "zt.rules " + source + " line " + (n + 1) + ": "
                        + e.getMessage());
            }
        }
        return new PathRules(rules, denyByDefault ? Requirement.DENY : Requirement.AUTHENTICATED);
    }

    /** These rules with one more rule (in the syntax of a line) ahead of them all. */
    public PathRules first(String line) {
        List<Rule> all = new ArrayList<>();
        all.add(rule(line));
        all.addAll(rules);
        return new PathRules(all, fallback);
    }

    private static Rule rule(String line) {
        String[] parts = line.split("\\s+");
        if (parts.length < 3) {
            throw new IllegalArgumentException("expected 'METHOD PATTERN REQUIREMENT...'");
        }
        Set<String> methods = null;
        if (!parts[0].equals("*")) {
            methods = new HashSet<>();
            for (String m : parts[0].split(",")) {
                String up = m.toUpperCase(Locale.ROOT);
                if (!METHODS.contains(up)) {
                    throw new IllegalArgumentException("unknown method '" + m + "'");
                }
                methods.add(up);
            }
        }
        PathPattern pattern = PathPattern.parse(parts[1]);
        boolean deny = false;
        boolean authenticated = false;
        Set<String> roles = Set.of();
        boolean allRoles = false;
        Set<String> scopes = Set.of();
        boolean allScopes = false;
        String acr = null;
        java.time.Duration maxAge = null;
        Integer maxRisk = null;
        String proof = null;
        Requirement.Permission permission = null;
        for (String req : Arrays.copyOfRange(parts, 2, parts.length)) {
            int eq = req.indexOf('=');
            String name = eq < 0 ? req : req.substring(0, eq);
            String value = eq < 0 ? null : req.substring(eq + 1);
            switch (name) {
                case "authenticated":
                    authenticated = true;
                    break;
                case "deny":
                    deny = true;
                    break;
                case "permission":
                    String[] typeAction = required(name, value).split(":", -1);
                    if (typeAction.length != 2 || !typeAction[0].matches("[A-Za-z0-9_.-]+")
                            || !typeAction[1].matches("[A-Za-z0-9_.-]+")) {
                        throw new IllegalArgumentException("permission must be type:action, e.g. permission=order:read");
                    }
                    permission = new Requirement.Permission(typeAction[0], typeAction[1], pattern);
                    break;
                case "dpop":
                case "bound":
                    if (value != null) {
                        throw new IllegalArgumentException(name + " takes no value");
                    }
                    proof = proof == null || proof.equals(name) ? name : "dpop"; // both: the stricter
                    break;
                case "roles":
                case "roles-all":
                    roles = list(name, value);
                    allRoles = name.endsWith("-all");
                    break;
                case "scopes":
                case "scopes-all":
                    scopes = list(name, value);
                    allScopes = name.endsWith("-all");
                    break;
                case "acr":
                    acr = required(name, value);
                    break;
                case "max-age":
                    maxAge = Durations.parse(required(name, value));
                    break;
                case "max-risk":
                    try {
                        maxRisk = Integer.parseInt(required(name, value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("max-risk must be a number from 0 to 100");
                    }
                    if (maxRisk < 0 || maxRisk > 100) {
                        throw new IllegalArgumentException("max-risk must be a number from 0 to 100");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown requirement '" + name + "' (known: authenticated,"
                            + " deny, roles, roles-all, scopes, scopes-all, acr, max-age, max-risk, dpop, bound, permission)");
            }
        }
        if (maxAge != null && acr == null) {
            throw new IllegalArgumentException("max-age needs acr");
        }
        if (deny && (authenticated || !roles.isEmpty() || !scopes.isEmpty() || acr != null || maxRisk != null
                || proof != null || permission != null)) {
            throw new IllegalArgumentException("'deny' cannot be combined with other requirements");
        }
        Requirement r = deny ? Requirement.DENY
                : new Requirement(false, roles, allRoles, scopes, allScopes, acr, maxAge, maxRisk, proof, permission);
        return new Rule(methods == null ? null : Set.copyOf(methods), pattern, r);
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }

    private static Set<String> list(String name, String value) {
        Set<String> out = new LinkedHashSet<>(Arrays.asList(required(name, value).split(",")));
        out.remove("");
        if (out.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return out;
    }

    /** The requirement for a request: the first matching rule's, else the default. */
    public Requirement requirementFor(String method, String path) {
        for (Rule r : rules) {
            boolean methodMatches = r.methods == null || r.methods.contains(method)
                    || method.equals("HEAD") && r.methods.contains("GET");
            if (methodMatches && r.pattern.matches(path)) {
                return r.requirement;
            }
        }
        return fallback;
    }

    /** Every scope a rule names (for the protected resource metadata, RFC 9728). */
    public java.util.Set<String> scopes() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (Rule r : rules) {
            all.addAll(r.requirement.scopes());
        }
        return all;
    }

    /** True when a rule asks a policy decision point ({@code permission=}). */
    public boolean needsPdp() {
        for (Rule r : rules) {
            if (r.requirement.needsPdp()) {
                return true;
            }
        }
        return false;
    }

    /** Number of rules. */
    public int size() {
        return rules.size();
    }
}
