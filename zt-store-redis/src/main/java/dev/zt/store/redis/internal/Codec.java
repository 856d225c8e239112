package dev.zt.store.redis.internal;

import dev.zt.internal.json.JsonWriter;
import dev.zt.internal.json.StrictJson;
import dev.zt.session.SessionView;
import dev.zt.spi.risk.Baseline;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.SubjectProfile;
import dev.zt.spi.risk.SubjectSignals;
import dev.zt.spi.store.SessionRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON for what the Redis stores keep (never a token); parsed back with zt's strict parser. */
final class Codec {

    private Codec() {
    }

    static String session(SessionRecord r) {
        SessionView s = r.session();
        return JsonWriter.object(JsonWriter.UNLIMITED).field("id", s.id()).field("sub", s.subject())
                .field("oiss", s.originIssuer().orElse(null)).field("osid", s.originSessionId().orElse(null))
                .field("oemail", s.originEmail().orElse(null))
                .field("roles", s.roles()).field("scopes", s.scopes()).field("acr", s.acr().orElse(null))
                .field("auth", millis(s.authTime().orElse(null))).field("amr", s.amr())
                .field("created", millis(s.createdAt())).field("seen", millis(s.lastSeenAt()))
                .field("jti", s.currentTokenId().orElse(null)).field("iat", millis(r.currentIssuedAt()))
                .field("used", r.currentTokenUsed())
                .field("exp", millis(s.currentExpiresAt())).field("pjti", r.previousTokenId().orElse(null))
                .field("prep", millis(r.previousReplacedAt().orElse(null))).field("csrf", r.csrfToken())
                .field("dev", s.deviceId().orElse(null)).field("rev", s.revoked())
                .field("pchk", millis(s.providerCheckedAt().orElse(null)))
                .field("jkt", s.boundKey().orElse(null)).field("x5t", s.boundCertificate().orElse(null))
                .field("pgrant", r.providerGrant().orElse(null)).field("v", r.version()).end();
    }

    static SessionRecord session(String json) {
        Map<String, Object> m = StrictJson.parseObject(json);
        SessionView session = SessionView.builder().id((String) m.get("id")).subject((String) m.get("sub"))
                .originIssuer((String) m.get("oiss")).originSessionId((String) m.get("osid"))
                .originEmail((String) m.get("oemail"))
                .roles(strings(m.get("roles"))).scopes(strings(m.get("scopes"))).acr((String) m.get("acr"))
                .authTime(time(m.get("auth"))).amr(new ArrayList<>(strings(m.get("amr"))))
                .createdAt(time(m.get("created"))).lastSeenAt(time(m.get("seen")))
                .currentTokenId((String) m.get("jti")).currentExpiresAt(time(m.get("exp")))
                .deviceId((String) m.get("dev")).revoked(Boolean.TRUE.equals(m.get("rev")))
                .providerCheckedAt(time(m.get("pchk"))).boundKey((String) m.get("jkt"))
                .boundCertificate((String) m.get("x5t")).build();
        // records written before 0.2 held the token itself ("tok") and no "iat": it was issued at the last rotation
        Instant iat = m.get("iat") != null ? time(m.get("iat")) : time(m.get("prep") != null ? m.get("prep")
                : m.get("created"));
        return SessionRecord.builder().session(session).currentIssuedAt(Instant.ofEpochSecond(iat.getEpochSecond()))
                .currentTokenUsed(!Boolean.FALSE.equals(m.get("used")))
                .previousTokenId((String) m.get("pjti")).previousReplacedAt(time(m.get("prep")))
                .csrfToken((String) m.get("csrf")).providerGrant((String) m.get("pgrant"))
                .version(((Number) m.get("v")).longValue()).build();
    }

    static String profile(SubjectProfile p) {
        Map<String, Long> countries = new LinkedHashMap<>();
        p.countries().forEach((c, t) -> countries.put(c, t.toEpochMilli()));
        Map<String, Long> pending = new LinkedHashMap<>();
        p.pendingCountries().forEach((c, t) -> pending.put(c, t.toEpochMilli()));
        GeoLocation last = p.lastLocation().orElse(null);
        boolean coordinates = last != null && last.hasCoordinates();
        SubjectSignals signals = p.signals();
        Map<String, Long> deviceTimes = new LinkedHashMap<>();
        Map<String, Long> deviceNotCompliant = new LinkedHashMap<>();
        signals.devices().forEach((d, t) -> {
            deviceTimes.put(d, t.at().toEpochMilli());
            deviceNotCompliant.put(d, SubjectSignals.NOT_COMPLIANT.equals(t.value()) ? 1L : 0L);
        });
        SubjectSignals.Timed risk = signals.riskLevel().orElse(null);
        SubjectSignals.Timed assurance = signals.assurance().orElse(null);
        return JsonWriter.object(JsonWriter.UNLIMITED).numbers("countries", countries).numbers("pending", pending)
                .field("devices", p.devices()).field("country", last == null ? null : last.country())
                .field("lat", coordinates ? (Double) last.latitude().getAsDouble() : null)
                .field("lon", coordinates ? (Double) last.longitude().getAsDouble() : null)
                .field("seen", millis(p.lastSeen().orElse(null))).field("unknown", p.historyUnknown())
                .field("rl", risk == null ? null : risk.value())
                .field("rlt", risk == null ? null : risk.at().toEpochMilli())
                .field("al", assurance == null ? null : assurance.value())
                .field("alt", assurance == null ? null : assurance.at().toEpochMilli())
                .numbers("dvt", deviceTimes).numbers("dvn", deviceNotCompliant)
                .field("acc", last != null && last.accuracyRadiusKm().isPresent() ? (Long) (long) last
                        .accuracyRadiusKm().getAsInt() : null)
                .numbers("nets", millisOf(p.networks())).numbers("pnets", millisOf(p.pendingNetworks()))
                .raw("bl", baseline(p.baseline())).end();
    }

    private static Map<String, Long> millisOf(Map<String, Instant> times) {
        Map<String, Long> out = new LinkedHashMap<>();
        times.forEach((k, t) -> out.put(k, t.toEpochMilli()));
        return out;
    }

    /** A baseline as JSON: samples, rate mean and variance, last sampled minute, 24 hour counters, templates. */
    private static String baseline(Baseline b) {
        Map<String, Long> hours = new LinkedHashMap<>();
        int[] h = b.hours();
        for (int i = 0; i < 24; i++) {
            if (h[i] != 0) {
                hours.put(Integer.toString(i), (long) h[i]);
            }
        }
        return JsonWriter.object(JsonWriter.UNLIMITED).field("n", b.samples()).field("m", (Double) b.rateMean())
                .field("v", (Double) b.rateVariance()).field("last", b.lastSampleMinute()).numbers("h", hours)
                .field("t", hex(b.templateHashes())).end();
    }

    private static List<String> hex(long[] values) {
        List<String> out = new java.util.ArrayList<>();
        for (long v : values) {
            out.add(Long.toHexString(v));
        }
        return out;
    }

    private static Baseline baseline(Object v) {
        if (!(v instanceof Map)) {
            return Baseline.empty();
        }
        Map<?, ?> m = (Map<?, ?>) v;
        int[] hours = new int[24];
        if (m.get("h") instanceof Map) {
            ((Map<?, ?>) m.get("h")).forEach((k, n) -> hours[Integer.parseInt((String) k)] = ((Number) n).intValue());
        }
        long[] templates = strings(m.get("t")).stream().mapToLong(h -> Long.parseUnsignedLong(h, 16)).toArray();
        return Baseline.of(((Number) m.get("n")).intValue(), ((Number) m.get("m")).doubleValue(),
                ((Number) m.get("v")).doubleValue(), ((Number) m.get("last")).longValue(), hours, templates);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static SubjectProfile profile(String json) {
        if (json == null) {
            return SubjectProfile.empty();
        }
        Map<String, Object> m = StrictJson.parseObject(json);
        GeoLocation last = null;
        if (m.get("country") != null) {
            last = m.get("lat") != null ? GeoLocation.of((String) m.get("country"), ((Number) m.get("lat"))
                    .doubleValue(), ((Number) m.get("lon")).doubleValue(), m.get("acc") instanceof Number
                    ? ((Number) m.get("acc")).intValue() : -1) : GeoLocation.of((String) m.get("country"));
        }
        Map<String, SubjectSignals.Timed> devices = new LinkedHashMap<>();
        times(m.get("dvt")).forEach((d, t) -> devices.put(d, new SubjectSignals.Timed(notCompliant(m.get("dvn"), d)
                ? SubjectSignals.NOT_COMPLIANT : SubjectSignals.COMPLIANT, t)));
        SubjectSignals signals = SubjectSignals.of(timed(m.get("rl"), m.get("rlt")), timed(m.get("al"), m.get("alt")),
                devices);
        return SubjectProfile.of(times(m.get("countries")), times(m.get("pending")), strings(m.get("devices")), last,
                time(m.get("seen")), Boolean.TRUE.equals(m.get("unknown")), signals).toBuilder()
                .networks(times(m.get("nets"))).pendingNetworks(times(m.get("pnets"))).baseline(baseline(m.get("bl")))
                .build();
    }

    /** The strings of a JSON array, in its order (a profile's devices are oldest first). */
    private static Set<String> strings(Object v) {
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List) {
            for (Object o : (List<?>) v) {
                out.add((String) o);
            }
        }
        return out;
    }

    private static Map<String, Instant> times(Object v) {
        Map<String, Instant> out = new HashMap<>();
        if (v instanceof Map) {
            ((Map<?, ?>) v).forEach((k, t) -> out.put((String) k, time(t)));
        }
        return out;
    }

    private static SubjectSignals.Timed timed(Object value, Object at) {
        return value instanceof String && at != null ? new SubjectSignals.Timed((String) value, time(at)) : null;
    }

    private static boolean notCompliant(Object flags, String device) {
        return flags instanceof Map && Long.valueOf(1).equals(((Map<?, ?>) flags).get(device));
    }

    private static Instant time(Object v) {
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }
}
