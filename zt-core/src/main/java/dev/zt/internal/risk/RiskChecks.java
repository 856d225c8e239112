package dev.zt.internal.risk;

import dev.zt.config.ConfigKeys;
import dev.zt.config.ConfigurationException;
import dev.zt.config.RiskSettings;
import dev.zt.internal.config.Suggest;
import dev.zt.spi.risk.RiskCheck;
import dev.zt.spi.risk.RiskCheckProvider;
import dev.zt.spi.store.ProfileStore;
import dev.zt.spi.store.WindowStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Discovers the risk checks strictly: explicit ones first, then the built-ins, then
 * {@code META-INF/services/dev.zt.spi.risk.RiskCheck} (thread context class loader first) and
 * {@link RiskCheckProvider}s (zt-cdi contributes CDI beans); two checks with one id fail start-up;
 * {@code zt.risk.checks} selects and orders.
 */
public final class RiskChecks {

    private RiskChecks() {
    }

    /**
     * The checks that run, in order.
     *
     * @throws ConfigurationException for duplicate ids, or unknown ids in {@code zt.risk.checks} or
     *     {@code zt.risk.advisory}
     */
    public static List<RiskCheck> discover(RiskSettings s, Map<String, Integer> ssfRiskScores, List<RiskCheck> explicit,
            ProfileStore profiles, WindowStore windows, dev.zt.config.SessionSettings sessions, java.time.Clock clock,
            ClassLoader loader) {
        Map<String, RiskCheck> byId = new LinkedHashMap<>();
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RiskCheck c : explicit) {
            add(byId, c);
        }
        for (RiskCheck c : Checks.builtIns(s, ssfRiskScores, profiles, windows, sessions, clock)) {
            add(byId, c);
        }
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(loader);
        if (RiskChecks.class.getClassLoader() != loader) {
            loaders.add(RiskChecks.class.getClassLoader());
        }
        for (ClassLoader cl : loaders) {
            for (RiskCheck c : ServiceLoader.load(RiskCheck.class, cl)) {
                if (seen.add(c.getClass())) { // the same class seen through a second class loader is one check
                    add(byId, c);
                }
            }
            for (RiskCheckProvider p : ServiceLoader.load(RiskCheckProvider.class, cl)) {
                if (seen.add(p.getClass())) {
                    for (RiskCheck c : p.checks()) {
                        add(byId, c);
                    }
                }
            }
        }
        List<RiskCheck> selected = new ArrayList<>();
        if (s.checks().isPresent()) {
            for (String id : s.checks().get()) {
                RiskCheck c = byId.get(id);
                if (c == null) {
                    throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "'" + ConfigKeys.RISK_CHECKS
                            + "' names unknown check '" + id + "'; known: " + byId.keySet() + "; did you mean '"
                            + Suggest.closest(id, byId.keySet()) + "'?");
                }
                selected.add(c);
            }
        } else {
            selected.addAll(byId.values());
        }
        for (String id : s.advisory()) {
            if (!byId.containsKey(id)) {
                throw new ConfigurationException(ConfigKeys.RISK_ADVISORY, "'" + ConfigKeys.RISK_ADVISORY
                        + "' names unknown check '" + id + "'; known: " + byId.keySet());
            }
        }
        return selected;
    }

    private static void add(Map<String, RiskCheck> byId, RiskCheck c) {
        String id = c.id();
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "risk check " + c.getClass().getName()
                    + " has an invalid id '" + id + "' (lower-case letters, digits, '.', '_', '-')");
        }
        RiskCheck other = byId.putIfAbsent(id, c);
        if (other != null) {
            throw new ConfigurationException(ConfigKeys.RISK_CHECKS, "two risk checks have the id '" + id + "': "
                    + other.getClass().getName() + " and " + c.getClass().getName() + "; ids must be unique");
        }
    }
}
