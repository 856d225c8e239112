package dev.zt.internal.json;

import io.jsonwebtoken.io.AbstractSerializer;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Serialises the header and claims of the tokens zt mints itself (session and service tokens) for jjwt, with zt's own
 * {@link JsonWriter}: jjwt then needs no JSON library (no Jackson in an application's {@code WEB-INF/lib} to clash with
 * the application's own). Members are strings, numbers, booleans, arrays of strings and objects of strings (a {@code
 * cnf}), which is all zt puts in a token; dates (jjwt's {@code iat}, {@code exp}) become NumericDate seconds (RFC 7519
 * section 2). Anything else is a programming error and refused, never written half.
 */
public final class JwtJson extends AbstractSerializer<Map<String, ?>> {

    /** One instance serves every builder: it keeps no state. */
    public static final JwtJson INSTANCE = new JwtJson();

    private JwtJson() {
    }

    @Override
    protected void doSerialize(Map<String, ?> members, OutputStream out) throws Exception {
        out.write(write(members).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON object of {@code members}. */
    public static String write(Map<String, ?> members) {
        JsonWriter w = JsonWriter.object(JsonWriter.UNLIMITED);
        for (Map.Entry<String, ?> e : members.entrySet()) {
            String name = e.getKey();
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v instanceof String) {
                w.field(name, (String) v);
            } else if (v instanceof Boolean) {
                w.field(name, (boolean) (Boolean) v);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                w.field(name, ((Number) v).longValue());
            } else if (v instanceof Date) {
                w.field(name, ((Date) v).getTime() / 1000);
            } else if (v instanceof Collection) {
                w.field(name, strings(name, (Collection<?>) v));
            } else if (v instanceof Map) {
                w.strings(name, stringMap(name, (Map<?, ?>) v));
            } else {
                throw new IllegalArgumentException("token member '" + name + "' is a " + v.getClass().getName()
                        + "; zt writes strings, integers, booleans, string arrays and objects of strings (cnf)");
            }
        }
        return w.end();
    }

    private static Map<String, String> stringMap(String name, Map<?, ?> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
                throw new IllegalArgumentException("token member '" + name + "' is not an object of strings");
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    private static List<String> strings(String name, Collection<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object o : values) {
            if (!(o instanceof String)) {
                throw new IllegalArgumentException("token member '" + name + "' holds a "
                        + (o == null ? "null" : o.getClass().getName()) + "; zt writes arrays of strings only");
            }
            out.add((String) o);
        }
        return out;
    }
}
