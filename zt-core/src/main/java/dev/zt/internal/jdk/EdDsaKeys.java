package dev.zt.internal.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Key;
import java.security.spec.NamedParameterSpec;

/**
 * EdDSA public keys (RFC 8037) without naming Java 15 types: zt runs on Java 11, where the JDK has no EdDSA. On Java
 * 15+ a key is EdDSA when it is a {@code java.security.interfaces.EdECPublicKey}; on 11–14 none is, and zt refuses an
 * issuer configured for EdDSA at start-up.
 */
public final class EdDsaKeys {

    /** {@code java.security.interfaces.EdECPublicKey}, or null before Java 15. */
    private static final Class<?> PUBLIC_KEY = type("java.security.interfaces.EdECPublicKey");
    /** {@code EdECKey.getParams()} (a {@link NamedParameterSpec}), or null before Java 15. */
    private static final MethodHandle PARAMS = params();

    private EdDsaKeys() {
    }

    /** Whether this JVM verifies EdDSA (Java 15+). */
    public static boolean available() {
        return PUBLIC_KEY != null && PARAMS != null;
    }

    /** Why EdDSA cannot be used here, for configuration errors: "EdDSA needs Java 15 or later (this JVM is Java N)". */
    public static String unavailable() {
        return "EdDSA needs Java 15 or later (this JVM is Java " + Runtime.version().feature() + ")";
    }

    /** Whether {@code key} is an EdDSA public key of the JDK's kind. */
    public static boolean isPublicKey(Key key) {
        return PUBLIC_KEY != null && PUBLIC_KEY.isInstance(key);
    }

    /**
     * The length of a signature of {@code key} (an {@linkplain #isPublicKey EdDSA public key}): 114 bytes for Ed448,
     * else 64 (RFC 8032 sections 5.1.6 and 5.2.6).
     */
    public static int signatureLength(Key key) {
        try {
            NamedParameterSpec spec = (NamedParameterSpec) PARAMS.invoke(key);
            return "Ed448".equalsIgnoreCase(spec.getName()) ? 114 : 64;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EdDSA key parameters", e);
        }
    }

    /** By this class's own loader, which delegates {@code java.*} to the JDK (tests hide them through it). */
    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, EdDsaKeys.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static MethodHandle params() {
        Class<?> edEcKey = type("java.security.interfaces.EdECKey");
        if (edEcKey == null) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().findVirtual(edEcKey, "getParams",
                    MethodType.methodType(NamedParameterSpec.class)).asType(MethodType.methodType(
                    NamedParameterSpec.class, Key.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
