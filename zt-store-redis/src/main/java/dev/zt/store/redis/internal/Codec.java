package dev.zt.store.redis.internal;

import dev.zt.internal.json.StrictJson;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.risk.SubjectProfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON for what the Redis stores keep; parsed back with zt's strict parser. */
final class Codec {

    private Codec() {
    }

    static String session(SessionRecord r) {
        Json j = new Json();
        j.str("id", r.id()).str("sub", r.subject()).str("oiss", r.originIssuer())
                .str("osid", r.originSessionId()).set("roles", r.roles())
                .set("scopes", r.scopes()).str("acr", r.acr()).time("auth", r.authTime()).list("amr", r.amr())
                .time("created", r.createdAt()).time("seen", r.lastSeenAt()).str("jti", r.currentTokenId())
                .str("tok", r.currentToken()).time("exp", r.currentExpiresAt()).str("pjti", r.previousTokenId())
                .time("prep", r.previousReplacedAt()).str("csrf", r.csrfToken()).str("dev", r.deviceId())
                .bool("rev", r.revoked())
                .num("v", r.version());
        return j.end();
    }

    static SessionRecord session(String json) {
        Map<String, Object> m = StrictJson.parseObject(json);
        return SessionRecord.builder().id((String) m.get("id")).subject((String) m.get("sub"))
                .originIssuer((String) m.get("oiss"))
                .originSessionId((String) m.get("osid")).roles(strings(m.get("roles"))).scopes(strings(m.get("scopes")))
                .acr((String) m.get("acr")).authTime(time(m.get("auth"))).amr(new ArrayList<>(strings(m.get("amr"))))
                .createdAt(time(m.get("created"))).lastSeenAt(time(m.get("seen"))).currentTokenId((String) m.get("jti"))
                .currentToken((String) m.get("tok")).currentExpiresAt(time(m.get("exp")))
                .previousTokenId((String) m.get("pjti")).previousReplacedAt(time(m.get("prep")))
                .csrfToken((String) m.get("csrf")).deviceId((String) m.get("dev")).revoked(Boolean.TRUE.equals(m.get("rev")))
                .version(((Number) m.get("v")).longValue()).build();
    }

    static String profile(SubjectProfile p) {
        Json j = new Json();
        j.map("countries", p.countries()).map("pending", p.pendingCountries()).set("devices", p.devices());
        p.lastLocation().ifPresent(l -> {
            j.str("country", l.country());
            l.latitude().ifPresent(v -> j.dbl("lat", v));
            l.longitude().ifPresent(v -> j.dbl("lon", v));
        });
        j.time("seen", p.lastSeen().orElse(null));
        return j.end();
    }

    static SubjectProfile profile(String json) {
        if (json == null) {
            return SubjectProfile.empty();
        }
        Map<String, Object> m = StrictJson.parseObject(json);
        GeoLocation last = null;
        if (m.get("country") != null) {
            last = m.get("lat") != null ? GeoLocation.of((String) m.get("country"), ((Number) m.get("lat"))
                    .doubleValue(), ((Number) m.get("lon")).doubleValue()) : GeoLocation.of((String) m.get("country"));
        }
        return new SubjectProfile(times(m.get("countries")), times(m.get("pending")), strings(m.get("devices")), last,
                time(m.get("seen")));
    }

    private static Set<String> strings(Object v) {
        Set<String> out = new HashSet<>();
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

    private static Instant time(Object v) {
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }

    /** A tiny JSON object writer. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder("{");

        private Json key(String k) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(k);
            sb.append(':');
            return this;
        }

        private void quote(String s) {
            StrictJson.quote(sb, s, Integer.MAX_VALUE);
        }

        Json str(String k, String v) {
            if (v != null) {
                key(k).quote(v);
            }
            return this;
        }

        Json time(String k, Instant v) {
            if (v != null) {
                key(k).sb.append(v.toEpochMilli());
            }
            return this;
        }

        Json num(String k, long v) {
            key(k).sb.append(v);
            return this;
        }

        Json dbl(String k, double v) {
            key(k).sb.append(v);
            return this;
        }

        Json bool(String k, boolean v) {
            key(k).sb.append(v);
            return this;
        }

        Json set(String k, Set<String> v) {
            return list(k, new ArrayList<>(v));
        }

        Json list(String k, List<String> v) {
            key(k).sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(v.get(i));
            }
            sb.append(']');
            return this;
        }

        Json map(String k, Map<String, Instant> v) {
            key(k).sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Instant> e : v.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(e.getKey());
                sb.append(':').append(e.getValue().toEpochMilli());
            }
            sb.append('}');
            return this;
        }

        String end() {
            return sb.append('}').toString();
        }
    }
}
