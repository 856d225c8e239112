package dev.zt.internal.net;

/** An IPv4 or IPv6 network in CIDR notation. Immutable. */
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
        byte[] addr = IpAddresses.parse(slash < 0 ? t : t.substring(0, slash));
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

    /** The prefix length. */
    public int prefix() {
        return prefix;
    }

    /** The network's bytes (masked). */
    public byte[] network() {
        return network.clone();
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
        if (addr == null || addr.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        return rest == 0 || (addr[full] & (0xff << (8 - rest)) & 0xff) == (network[full] & 0xff);
    }
}
