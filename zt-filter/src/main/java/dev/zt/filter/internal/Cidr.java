package dev.zt.filter.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code ::1/128} or a single address.
     *
     * @throws IllegalArgumentException for anything else (never resolves host names)
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] addr = literal(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            throw new IllegalArgumentException("not an IP address: " + t);
        }
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + t);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length: " + t);
            }
        }
        return new Cidr(mask(addr, prefix), prefix);
    }

    /** Parses an IP literal without DNS; {@code null} when the text is not one. */
    public static byte[] literal(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty()) {
            return null;
        }
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = !v4 && t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress(); // a literal: no lookup happens
            if (b.length == 16 && isMappedV4(b)) {
                return Arrays.copyOfRange(b, 12, 16);
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** True when the address (raw bytes) lies in this network. */
    public boolean contains(byte[] addr) {
        return addr != null && addr.length == network.length && Arrays.equals(mask(addr, prefix), network);
    }
}
