package dev.zt.internal.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The session-drift check compares what a session began with to the request's network and user agent without building
 * the request's fingerprint: that comparison must say exactly what comparing the built text would.
 */
class SessionDriftFingerprintTest {

    private static String built(String network, int agent) {
        return network + " " + Integer.toHexString(agent);
    }

    @Test
    void aFingerprintMatchesExactlyTheTextItWouldBuild() {
        List<String> networks = List.of("-", "AS64500", "AS1", "", "AS 7", "AS645000");
        int[] hashes = {0, 1, -1, 0xf, 0x10, 0xabc, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x0fffffff, 0x10000000};
        for (String network : networks) {
            for (int h : hashes) {
                assertThat(Checks.SessionDrift.sameFingerprint(built(network, h), network, h))
                        .as("%s %x", network, h).isTrue();
            }
        }
        // near misses: another hash, another network, upper-case or zero-padded hex, a longer or shorter text
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 ab", "AS1", 0xac)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 ab", "AS2", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 AB", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 0ab", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 ab ", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1 a", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS1ab", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("AS11 ab", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("- ab", "AS1", 0xab)).isFalse();
        assertThat(Checks.SessionDrift.sameFingerprint("", "-", 0)).isFalse();
    }

    @Test
    void randomFingerprintsCompareAsTheirText() {
        Random r = new Random(7);
        String alphabet = "AS0129abf -";
        List<String> networks = new ArrayList<>(List.of("-", "AS64500"));
        for (int i = 0; i < 20_000; i++) {
            String network = networks.get(r.nextInt(networks.size()));
            int h = r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt();
            String fingerprint;
            switch (r.nextInt(3)) {
                case 0:
                    fingerprint = built(network, h);
                    break;
                case 1:
                    fingerprint = built(network, h + r.nextInt(3) - 1);
                    break;
                default:
                    StringBuilder b = new StringBuilder();
                    for (int k = r.nextInt(14); k > 0; k--) {
                        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                    fingerprint = b.toString();
                    networks.add(fingerprint.split(" ", 2)[0]);
            }
            assertThat(Checks.SessionDrift.sameFingerprint(fingerprint, network, h))
                    .as("%s / %s %x", fingerprint, network, h).isEqualTo(fingerprint.equals(built(network, h)));
        }
    }
}
