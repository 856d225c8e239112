package dev.zt.it;

import dev.zt.testing.TestKeys;

import java.security.KeyPair;

/** Keys shared by the client side of the ITs and the WARs they deploy (same JVM builds both). */
final class ItKeys {
    static final KeyPair IDP = TestKeys.RSA;
    static final KeyPair SERVICE = TestKeys.ec("secp256r1");

    private ItKeys() {
    }
}
