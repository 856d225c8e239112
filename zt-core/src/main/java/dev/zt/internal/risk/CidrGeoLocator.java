package dev.zt.internal.risk;

import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.GeoLocator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Locates addresses from a CSV of {@code cidr,country[,latitude,longitude]} lines (IPv4 and IPv6; {@code #} starts a
 * comment). Longest prefix wins; a lookup is one hash probe per distinct prefix length in the file.
 */
public final class CidrGeoLocator implements GeoLocator {

    private final List<Map.Entry<Integer, Map<BigInteger, GeoLocation>>> v4;
    private final List<Map.Entry<Integer, Map<BigInteger, GeoLocation>>> v6;

    private CidrGeoLocator(TreeMap<Integer, Map<BigInteger, GeoLocation>> v4,
            TreeMap<Integer, Map<BigInteger, GeoLocation>> v6) {
        this.v4 = List.copyOf(v4.descendingMap().entrySet());
        this.v6 = List.copyOf(v6.descendingMap().entrySet());
    }

    /**
     * Parses the CSV.
     *
     * @throws IllegalArgumentException naming the line of the first bad entry
     */
    public static CidrGeoLocator parse(String csv) {
        TreeMap<Integer, Map<BigInteger, GeoLocation>> v4 = new TreeMap<>();
        TreeMap<Integer, Map<BigInteger, GeoLocation>> v6 = new TreeMap<>();
        String[] lines = csv.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            try {
                if (f.length != 2 && f.length != 4) {
                    throw new IllegalArgumentException("expected cidr,country[,latitude,longitude]");
                }
                String country = f[1].toUpperCase(Locale.ROOT);
                if (!country.matches("[A-Z]{2}")) {
                    throw new IllegalArgumentException("country must be two letters");
                }
                GeoLocation loc = f.length == 4 ? GeoLocation.of(country, Double.parseDouble(f[2]),
                        Double.parseDouble(f[3])) : GeoLocation.of(country);
                int slash = f[0].indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("not a CIDR range");
                }
                byte[] addr = literal(f[0].substring(0, slash));
                int prefix = Integer.parseInt(f[0].substring(slash + 1));
                if (addr == null || prefix < 0 || prefix > addr.length * 8) {
                    throw new IllegalArgumentException("not a CIDR range");
                }
                (addr.length == 4 ? v4 : v6).computeIfAbsent(prefix, p -> new HashMap<>())
                        .put(network(addr, prefix), loc);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new CidrGeoLocator(v4, v6);
    }

    @Override
    public Optional<GeoLocation> locate(String address) {
        byte[] addr = literal(address);
        if (addr == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, Map<BigInteger, GeoLocation>> e : addr.length == 4 ? v4 : v6) {
            GeoLocation loc = e.getValue().get(network(addr, e.getKey()));
            if (loc != null) {
                return Optional.of(loc);
            }
        }
        return Optional.empty();
    }

    private static BigInteger network(byte[] addr, int prefix) {
        BigInteger v = new BigInteger(1, addr);
        int bits = addr.length * 8;
        return prefix == 0 ? BigInteger.ZERO : v.shiftRight(bits - prefix);
    }

    static byte[] literal(String s) {
        return dev.zt.internal.net.IpAddresses.parse(s);
    }

    /** Number of ranges (for logs). */
    public int size() {
        int n = 0;
        for (List<Map.Entry<Integer, Map<BigInteger, GeoLocation>>> l : new ArrayList<>(List.of(v4, v6))) {
            for (Map.Entry<Integer, Map<BigInteger, GeoLocation>> e : l) {
                n += e.getValue().size();
            }
        }
        return n;
    }
}
