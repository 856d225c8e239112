package dev.zt.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key constants of ConfigKeys and the defaults resources it reads name exactly the same keys, in one order. */
class ConfigKeysTest {

    private static List<String> constants(boolean global) throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (Field f : ConfigKeys.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                String v = (String) f.get(null);
                if (v.equals(ConfigKeys.ISSUERS_PREFIX) || v.equals(ConfigKeys.TRANSMITTERS_PREFIX)) {
                    continue;
                }
                if (v.startsWith("zt.") == global) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    @Test
    void everyGlobalKeyConstantHasAnEntryInTheDefaultsAndNoEntryLacksAConstant() throws IllegalAccessException {
        assertThat(ConfigKeys.GLOBAL.keySet()).containsExactlyInAnyOrderElementsOf(constants(true));
        java.util.Set<String> named = new java.util.TreeSet<>(ConfigKeys.ISSUER_KEYS.keySet());
        named.addAll(ConfigKeys.TRANSMITTER_KEYS.keySet());
        assertThat(named).as("the keys of named issuers and transmitters").containsExactlyInAnyOrderElementsOf(
                new java.util.TreeSet<>(constants(false)));
    }

    @Test
    void defaultsAreReadWithNoneForAnEmptyValue() {
        assertThat(ConfigKeys.GLOBAL.get(ConfigKeys.TOKEN_MAX_LENGTH)).isEqualTo("8192");
        assertThat(ConfigKeys.GLOBAL).containsKey(ConfigKeys.MAX_TOKEN_AGE);
        assertThat(ConfigKeys.GLOBAL.get(ConfigKeys.MAX_TOKEN_AGE)).isNull();
        assertThat(ConfigKeys.GLOBAL.get(ConfigKeys.SESSION_ACR_ORDER)).isEqualTo("pwd mfa");
        assertThat(ConfigKeys.ISSUER_KEYS.get(ConfigKeys.SCOPE_CLAIM)).isEqualTo("scope,scp");
        assertThat(new ArrayList<>(ConfigKeys.GLOBAL.keySet()).get(0)).as("file order kept")
                .isEqualTo(ConfigKeys.TOKEN_MAX_LENGTH);
    }
}
