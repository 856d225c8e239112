package dev.zt.testing;

import dev.zt.internal.json.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an event against the OCSF 1.8.0 schema files in the test resources ({@code ocsf-1.8.0/}, copied from the
 * OCSF repository): its class (with the categories and base event it extends, and the profiles its {@code
 * metadata.profiles} names), every attribute known to the class or object and of the dictionary's type, objects checked
 * recursively, required attributes present, enumerated ids among their values, {@code at_least_one} and {@code
 * just_one} constraints met, and {@code type_uid} = {@code class_uid} × 100 + {@code activity_id}. Only the classes
 * and objects zt's events use are there; an event using another fails with a message saying so.
 */
public final class OcsfSchema {

    private static final String BASE = "/ocsf-1.8.0/";
    private static final Map<Integer, String> CLASSES = Map.of(0, "events/base_event.json", 3002,
            "events/iam/authentication.json", 6004, "events/application/web_resource_access_activity.json");
    private static final Map<String, String> CATEGORIES = Map.of("iam", "events/iam/iam.json", "application",
            "events/application/application.json");
    private static final Set<String> STRINGS = Set.of("string_t", "ip_t", "url_t", "username_t", "uuid_t", "hostname_t",
            "email_t", "file_hash_t", "file_name_t", "file_path_t", "subnet_t", "mac_t", "process_name_t",
            "resource_uid_t", "datetime_t", "bytestring_t");
    private static final Set<String> INTEGERS = Set.of("integer_t", "long_t", "port_t", "timestamp_t");

    private final Map<String, Object> dictionary;

    /** Loads the dictionary. */
    public OcsfSchema() {
        this.dictionary = attributes(load("dictionary.json"));
    }

    private static Map<String, Object> load(String file) {
        try (InputStream in = OcsfSchema.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("no OCSF schema file " + file + " in the test resources");
            }
            return StrictJson.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> def) {
        Object a = def.get("attributes");
        return a instanceof Map ? (Map<String, Object>) a : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    /** The problems of an event (empty: valid). */
    public List<String> problems(Map<String, Object> event) {
        List<String> out = new ArrayList<>();
        if (!(event.get("class_uid") instanceof Long) || !CLASSES.containsKey(((Long) event.get("class_uid"))
                .intValue())) {
            out.add("class_uid " + event.get("class_uid") + " is not a class these tests know");
            return out;
        }
        int classUid = ((Long) event.get("class_uid")).intValue();
        Set<String> profiles = new HashSet<>();
        Object listed = map(event.get("metadata")).get("profiles");
        if (listed instanceof List) {
            for (Object p : (List<?>) listed) {
                profiles.add(String.valueOf(p));
            }
        }
        List<Map<String, Object>> chain = new ArrayList<>();
        Map<String, Object> def = load(CLASSES.get(classUid));
        chain.add(def);
        while (def.get("extends") != null) {
            String parent = (String) def.get("extends");
            def = load(parent.equals("base_event") ? "events/base_event.json" : CATEGORIES.get(parent));
            chain.add(def);
        }
        Map<String, Map<String, Object>> attrs = merge(chain, profiles);
        Map<String, Object> top = chain.get(0);
        if (classUid != 0) {
            Object uid = top.get("uid");
            long category = ((Long) event.get("category_uid"));
            if (category * 1000 + ((Long) uid) != classUid) {
                out.add("class_uid " + classUid + " is not category_uid " + category + " × 1000 + " + uid);
            }
        } else if (!Long.valueOf(0).equals(event.get("category_uid"))) {
            out.add("the base event's category_uid is 0");
        }
        if (event.get("activity_id") instanceof Long && event.get("type_uid") instanceof Long
                && (Long) event.get("type_uid") != classUid * 100L + (Long) event.get("activity_id")) {
            out.add("type_uid " + event.get("type_uid") + " is not class_uid × 100 + activity_id");
        }
        check("event", event, attrs, constraints(top), out);
        return out;
    }

    /** The attributes of a definition chain (child first), with the named profiles' attributes. */
    private Map<String, Map<String, Object>> merge(List<Map<String, Object>> chain, Set<String> profiles) {
        Map<String, Map<String, Object>> attrs = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (Map.Entry<String, Object> e : attributes(chain.get(i)).entrySet()) {
                if (e.getKey().equals("$include")) {
                    for (Object inc : (List<?>) e.getValue()) {
                        String file = String.valueOf(inc);
                        String name = file.substring(file.lastIndexOf('/') + 1, file.length() - 5);
                        if (file.startsWith("profiles/") && profiles.contains(name)) {
                            attributes(load(file)).forEach((k, v) -> attrs.merge(k, map(v), OcsfSchema::over));
                        }
                    }
                    continue;
                }
                attrs.merge(e.getKey(), map(e.getValue()), OcsfSchema::over);
            }
        }
        return attrs;
    }

    /** A child's definition over its parent's; enumerations add up (a class adds its activities to Unknown, Other). */
    private static Map<String, Object> over(Map<String, Object> parent, Map<String, Object> child) {
        Map<String, Object> m = new LinkedHashMap<>(parent);
        m.putAll(child);
        if (parent.get("enum") instanceof Map && child.get("enum") instanceof Map) {
            Map<String, Object> e = new LinkedHashMap<>(map(parent.get("enum")));
            e.putAll(map(child.get("enum")));
            m.put("enum", e);
        }
        return m;
    }

    private static Map<String, Object> constraints(Map<String, Object> def) {
        return map(def.get("constraints"));
    }

    private void check(String where, Map<String, Object> value, Map<String, Map<String, Object>> attrs,
            Map<String, Object> constraints, List<String> out) {
        for (Map.Entry<String, Map<String, Object>> a : attrs.entrySet()) {
            if ("required".equals(a.getValue().get("requirement")) && !value.containsKey(a.getKey())) {
                out.add(where + ": the required " + a.getKey() + " is missing");
            }
        }
        for (Map.Entry<String, Object> c : constraints.entrySet()) {
            long present = ((List<?>) c.getValue()).stream().filter(n -> value.containsKey(String.valueOf(n))).count();
            if (c.getKey().equals("at_least_one") && present == 0 || c.getKey().equals("just_one") && present != 1) {
                out.add(where + ": " + c.getKey() + " of " + c.getValue());
            }
        }
        for (Map.Entry<String, Object> e : value.entrySet()) {
            Map<String, Object> local = attrs.get(e.getKey());
            Map<String, Object> global = map(dictionary.get(e.getKey()));
            if (local == null) {
                out.add(where + ": " + e.getKey() + " is not an attribute here");
                continue;
            }
            Map<String, Object> def = over(global, local);
            String at = where + "." + e.getKey();
            if (Boolean.TRUE.equals(def.get("is_array"))) {
                if (!(e.getValue() instanceof List)) {
                    out.add(at + " is not an array");
                    continue;
                }
                for (Object item : (List<?>) e.getValue()) {
                    checkValue(at + "[]", item, def, out);
                }
            } else {
                checkValue(at, e.getValue(), def, out);
            }
        }
    }

    private void checkValue(String at, Object v, Map<String, Object> def, List<String> out) {
        String type = String.valueOf(def.get("type"));
        Map<String, Object> enums = map(def.get("enum"));
        boolean computed = at.equals("event.class_uid") || at.equals("event.category_uid")
                || at.equals("event.type_uid"); // the schema compiler fills these in; checked by arithmetic
        if (!computed && !enums.isEmpty() && !enums.containsKey(String.valueOf(v))) {
            out.add(at + " = " + v + " is none of " + enums.keySet());
        }
        if (STRINGS.contains(type)) {
            if (!(v instanceof String)) {
                out.add(at + " is not a string (" + type + ")");
            }
        } else if (INTEGERS.contains(type)) {
            if (!(v instanceof Long)) {
                out.add(at + " is not an integer (" + type + ")");
            }
        } else if (type.equals("float_t")) {
            if (!(v instanceof Number)) {
                out.add(at + " is not a number");
            }
        } else if (type.equals("boolean_t")) {
            if (!(v instanceof Boolean)) {
                out.add(at + " is not a boolean");
            }
        } else if (type.equals("object") || type.equals("json_t")) {
            return; // anything
        } else {
            if (!(v instanceof Map)) {
                out.add(at + " is not an object (" + type + ")");
                return;
            }
            List<Map<String, Object>> chain = new ArrayList<>();
            Map<String, Object> obj = load("objects/" + type + ".json");
            chain.add(obj);
            while (obj.get("extends") != null && !"object".equals(obj.get("extends"))) {
                obj = load("objects/" + obj.get("extends") + ".json");
                chain.add(obj);
            }
            Map<String, Object> constraints = new LinkedHashMap<>();
            for (int i = chain.size() - 1; i >= 0; i--) {
                constraints.putAll(constraints(chain.get(i)));
            }
            check(at, map(v), merge(chain, Set.of()), constraints, out);
        }
    }
}
