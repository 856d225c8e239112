package dev.zt.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0, an IPv6 tree with IPv4 in {@code ::/96}, 32-bit records) for the tests
 * that need a schema no downloadable database has here: the GeoIP2 schema of MaxMind's own test databases, and ASN
 * databases built from real rows of ip-location-db's ASN CSV. Values: maps, strings, doubles, integers (as uint16,
 * uint32 or uint64) and lists. MaxMind's reader reads what it writes, which is the test of both.
 */
public final class MmdbWriter {

    private final String databaseType;
    private final List<int[]> nodes = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    /** Data records are negative in the tree until the node count is known: -(offset + 2); -1 is "no data". */
    private static final int EMPTY = -1;

    /** A database of this type ({@code GeoIP2-City}, {@code GeoLite2-ASN}, ...). */
    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
        nodes.add(new int[] {EMPTY, EMPTY});
    }

    /** Adds a network ({@code 8.8.8.0/24}, {@code 2001:db8::/32}) with its record. */
    public MmdbWriter add(String cidr, Map<String, Object> record) throws Exception {
        String[] parts = cidr.split("/");
        byte[] addr = InetAddress.getByName(parts[0]).getAddress(); // literals only: no name service
        int prefix = Integer.parseInt(parts[1]);
        byte[] full = new byte[16];
        if (addr.length == 4) {
            System.arraycopy(addr, 0, full, 12, 4);
            prefix += 96;
        } else {
            full = addr;
        }
        int offset = data.size();
        encode(record, data);
        int node = 0;
        for (int bit = 0; bit < prefix - 1; bit++) {
            int side = (full[bit / 8] >> (7 - bit % 8)) & 1;
            int next = nodes.get(node)[side];
            if (next < 0) {
                if (next != EMPTY) {
                    throw new IllegalArgumentException(cidr + " lies inside a network added before");
                }
                next = nodes.size();
                nodes.add(new int[] {EMPTY, EMPTY});
                nodes.get(node)[side] = next;
            }
            node = next;
        }
        int last = prefix - 1;
        nodes.get(node)[(full[last / 8] >> (7 - last % 8)) & 1] = -(offset + 2);
        return this;
    }

    /** Writes the file. */
    public void write(Path file) throws Exception {
        int n = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int r : node) {
                long v = r == EMPTY ? n : r >= 0 ? r : (long) n + 16 + (-r - 2);
                out.write((int) (v >>> 24));
                out.write((int) (v >>> 16));
                out.write((int) (v >>> 8));
                out.write((int) v);
            }
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("node_count", (long) n);
        meta.put("record_size", 32);
        meta.put("ip_version", 6);
        meta.put("database_type", databaseType);
        meta.put("languages", List.of("en"));
        meta.put("binary_format_major_version", 2);
        meta.put("binary_format_minor_version", 0);
        meta.put("build_epoch", new java.math.BigInteger("1780000000"));
        meta.put("description", Map.of("en", "zt test database"));
        encode(meta, out);
        Files.write(file, out.toByteArray());
    }

    private static void encode(Object v, ByteArrayOutputStream out) {
        if (v instanceof String) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            control(2, b.length, out);
            out.write(b, 0, b.length);
        } else if (v instanceof Double) {
            control(3, 8, out);
            long bits = Double.doubleToLongBits((Double) v);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof Integer) { // uint16
            int i = (Integer) v;
            control(5, 2, out);
            out.write(i >>> 8);
            out.write(i);
        } else if (v instanceof Long) { // uint32
            long l = (Long) v;
            control(6, 4, out);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (l >>> (8 * i)));
            }
        } else if (v instanceof java.math.BigInteger) { // uint64
            byte[] b = ((java.math.BigInteger) v).toByteArray();
            control(9, b.length, out);
            out.write(b, 0, b.length);
        } else if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            control(7, m.size(), out);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(String.valueOf(e.getKey()), out);
                encode(e.getValue(), out);
            }
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            control(11, l.size(), out);
            for (Object o : l) {
                encode(o, out);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }

    /** A control byte (extended types: type 0 and the type less 7 in the next byte), sizes up to 284. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        if (size > 284) {
            throw new IllegalArgumentException("too large for these tests");
        }
        int first = (type <= 7 ? type : 0) << 5 | Math.min(size, 29);
        out.write(first);
        if (type > 7) {
            out.write(type - 7);
        }
        if (size >= 29) {
            out.write(size - 29);
        }
    }
}
