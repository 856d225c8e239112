package dev.zt.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({"192.0.2.1,192.0.2.1", "0.0.0.0,0.0.0.0", "255.255.255.255,255.255.255.255", "::1,::1",
        "[::1],::1", "2001:db8::7,2001:db8::7", "2001:DB8:0:0:0:0:0:7,2001:db8::7", "::ffff:192.0.2.1,192.0.2.1",
        "::ffff:c000:201,192.0.2.1", "2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1", "1::,1::", "::,::",
        "fe80::1:2:3:4,fe80::1:2:3:4", "2001:db8::192.0.2.1,2001:db8::c000:201", "1:0:0:2:0:0:0:3,1:0:0:2::3"})
    void parseWhenLiteralThenCanonical(String text, String canonical) throws Exception {
        assertThat(IpAddresses.canonical(text)).isEqualTo(canonical);
        byte[] expected = InetAddress.getByName(text.replace("[", "").replace("]", "")).getAddress();
        byte[] actual = IpAddresses.parse(text);
        if (expected.length == 16 && actual.length == 4) {
            assertThat(expected).endsWith(actual);
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "unknown", "_hidden", "localhost", "example.com", "192.0.2", "192.0.2.1.5",
        "256.0.0.1", "300.1.1.1", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4:80", "-1.2.3.4",
        "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", "12345::", "fe80::1%eth0", "::g", "[::1", "::1]",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "0x7f.0.0.1", "2130706433", "\u0661.2.3.4"})
    void parseWhenNotAnIpLiteralThenNull(String text) {
        assertThat(IpAddresses.parse(text)).as(text).isNull();
    }

    @Test
    void cidrContainsOnlyItsNetwork() {
        Cidr net = Cidr.parse("10.1.0.0/15");
        assertThat(net.contains(IpAddresses.parse("10.0.255.255"))).isTrue();
        assertThat(net.contains(IpAddresses.parse("10.1.2.3"))).isTrue();
        assertThat(net.contains(IpAddresses.parse("10.2.0.0"))).isFalse();
        assertThat(net.contains(IpAddresses.parse("::ffff:10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(IpAddresses.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(IpAddresses.parse("10.1.2.3"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(IpAddresses.parse("192.0.2.8"))).isFalse();
    }
}
