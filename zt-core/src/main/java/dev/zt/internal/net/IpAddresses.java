package dev.zt.internal.net;

import dev.zt.internal.text.Ascii;

/**
 * zt's one IP-literal parser (client addresses, forwarded hops, trusted proxies, CIDR files): dotted-quad IPv4 and
 * RFC 4291 IPv6 text (with {@code ::} and an IPv4 tail), optionally in brackets, never a host name and never DNS.
 * IPv4-mapped IPv6 becomes IPv4, so one client has one spelling. Zone ids, leading zeros in IPv4 octets (octal in some
 * parsers), and anything else are refused.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address's bytes (4 or 16), or {@code null} when the text is not an IP literal. */
    public static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 45) {
            return null;
        }
        if (t.indexOf(':') < 0) {
            return v4(t);
        }
        byte[] b = v6(t);
        if (b != null && isMappedV4(b)) {
            byte[] four = new byte[4];
            System.arraycopy(b, 12, four, 0, 4);
            return four;
        }
        return b;
    }

    /** The canonical text of an address's bytes: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as ::). */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(b, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(b, j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(b, i)));
        }
        return sb.toString();
    }

    /** The canonical text of an IP literal, or {@code null} when it is not one. */
    public static String canonical(String text) {
        byte[] b = parse(text);
        return b == null ? null : format(b);
    }

    private static int group(byte[] b, int i) {
        return ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }

    private static byte[] v4(String t) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // leading zero: octal in some parsers, refused everywhere here
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] v6(String t) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = t.length();
        if (t.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == len) {
                return new byte[16];
            }
        } else if (t.charAt(0) == ':') {
            return null;
        }
        while (i < len) {
            int start = i;
            int value = 0;
            while (i < len && Ascii.hexDigit(t.charAt(i)) >= 0 && i - start < 4) {
                value = (value << 4) | Ascii.hexDigit(t.charAt(i));
                i++;
            }
            if (i < len && t.charAt(i) == '.') { // an IPv4 tail takes the last two groups
                byte[] four = v4(t.substring(start));
                if (four == null || n > 6) {
                    return null;
                }
                groups[n++] = ((four[0] & 0xff) << 8) | (four[1] & 0xff);
                groups[n++] = ((four[2] & 0xff) << 8) | (four[3] & 0xff);
                i = len;
                break;
            }
            if (i == start || n >= 8) {
                return null;
            }
            groups[n++] = value;
            if (i == len) {
                break;
            }
            if (t.charAt(i) != ':') {
                return null; // a fifth hex digit, a zone id (%) or junk
            }
            i++;
            if (i < len && t.charAt(i) == ':') {
                if (gap >= 0) {
                    return null; // two ::
                }
                gap = n;
                i++;
                if (i == len) {
                    break;
                }
            } else if (i == len) {
                return null; // trailing single colon
            }
        }
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int zeros = 8 - n;
        int g = 0;
        for (int k = 0; k < 8; k++) {
            int v;
            if (gap >= 0 && k >= gap && k < gap + zeros) {
                v = 0;
            } else {
                v = groups[g++];
            }
            out[2 * k] = (byte) (v >> 8);
            out[2 * k + 1] = (byte) v;
        }
        return out;
    }


    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
