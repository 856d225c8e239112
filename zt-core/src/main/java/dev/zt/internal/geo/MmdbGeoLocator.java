package dev.zt.internal.geo;

import com.github.benmanes.caffeine.cache.Cache;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.zt.internal.cache.Caches;
import dev.zt.internal.net.IpAddresses;
import dev.zt.spi.risk.AutonomousSystem;
import dev.zt.spi.risk.GeoLocation;
import dev.zt.spi.risk.GeoLocator;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Locates addresses with MaxMind DB files, read by MaxMind's own reader: location databases ({@code zt.geo.mmdb}: a
 * Country or City database, in the GeoIP2/GeoLite2 schema ({@code country.iso_code}, {@code location.latitude}, ...)
 * or the flat one of ip-location-db and DB-IP lite ({@code country_code}, {@code latitude}, ...)) and ASN databases
 * ({@code zt.geo.asn-mmdb}: {@code autonomous_system_number}, {@code autonomous_system_organization}). Several files
 * may be given (ip-location-db ships IPv4 and IPv6 separately): the first that holds the address answers, and an IPv6
 * address is never looked up in an IPv4-only file (whose tree would answer for the wrong bits).
 *
 * <p>Each file is memory-mapped and looked at again every {@link #RELOAD_CHECK} (modification time and size): a
 * changed file is opened anew and swapped in whole, so no lookup sees half a database; one that cannot be opened keeps
 * the previous and is logged. Answers are cached per address (bounded), and the cache is dropped with a reload.
 * Never any network I/O: only IP literals are looked up.
 */
public final class MmdbGeoLocator implements GeoLocator {

    /** How often the files are looked at again. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger("dev.zt.geo");
    /** Cached "not in the database": a sentinel, since the cache holds no nulls. */
    private static final Object NONE = new Object();
    private static final Object[] NO_ANSWER = {NONE, NONE};

    private final List<Database> locations;
    private final List<Database> networks;
    private final Clock clock;
    private final long cacheMax;
    private volatile long nextCheck;
    /** Answers per address, of the databases as they are now (replaced on a reload). */
    private volatile Cache<String, Object[]> cache;

    /**
     * Opens the databases.
     *
     * @throws IllegalArgumentException naming the file that cannot be used
     */
    public MmdbGeoLocator(List<Path> locationFiles, List<Path> asnFiles, long cacheMaxEntries, Clock clock) {
        this.clock = clock;
        this.cacheMax = cacheMaxEntries;
        this.locations = open(locationFiles, false);
        this.networks = open(asnFiles, true);
        this.cache = newCache();
        this.nextCheck = clock.millis() + RELOAD_CHECK.toMillis();
    }

    private static List<Database> open(List<Path> files, boolean asn) {
        List<Database> out = new ArrayList<>();
        for (Path f : files) {
            Database d = new Database(f, asn);
            d.reload(true);
            out.add(d);
        }
        return List.copyOf(out);
    }

    private Cache<String, Object[]> newCache() {
        return cacheMax == 0 ? null : Caches.builder(clock, cacheMax).<String, Object[]>build();
    }

    @Override
    public Optional<GeoLocation> locate(String address) {
        Object v = answers(address)[0];
        return v instanceof GeoLocation ? Optional.of((GeoLocation) v) : Optional.empty();
    }

    @Override
    public Optional<AutonomousSystem> network(String address) {
        Object v = answers(address)[1];
        return v instanceof AutonomousSystem ? Optional.of((AutonomousSystem) v) : Optional.empty();
    }

    /** The location and network of an address, from the cache or the databases. */
    private Object[] answers(String address) {
        checkReload();
        Cache<String, Object[]> c = cache;
        // keyed by the address as given (the resolved client address): a request's two questions (location and
        // network) cost one hash look-up each, and the address is parsed only on a miss
        return c == null ? lookUp(address) : c.get(address, this::lookUp);
    }

    /** Both answers of an address; nothing for a text that is not an IP literal (never resolved). */
    private Object[] lookUp(String address) {
        byte[] raw = IpAddresses.parse(address);
        if (raw == null) {
            return NO_ANSWER;
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByAddress(raw); // bytes: no name service
        } catch (UnknownHostException e) {
            return NO_ANSWER;
        }
        Object location = NONE;
        for (Database d : locations) {
            Map<String, Object> record = d.get(ip);
            GeoLocation g = record == null ? null : location(record);
            if (g != null) {
                location = g;
                break;
            }
        }
        Object network = NONE;
        for (Database d : networks) {
            Map<String, Object> record = d.get(ip);
            AutonomousSystem a = record == null ? null : network(record);
            if (a != null) {
                network = a;
                break;
            }
        }
        return new Object[] {location, network};
    }

    /** A location record in either schema, or null without a country. */
    static GeoLocation location(Map<String, Object> record) {
        String country = code(nested(record, "country", "iso_code"));
        if (country == null) {
            country = code(record.get("country_code"));
        }
        if (country == null) {
            country = code(nested(record, "registered_country", "iso_code")); // an anycast or satellite network
        }
        if (country == null) {
            return null;
        }
        Object lat = nested(record, "location", "latitude");
        Object lon = nested(record, "location", "longitude");
        Object radius = nested(record, "location", "accuracy_radius");
        if (lat == null && lon == null) {
            lat = record.get("latitude");
            lon = record.get("longitude");
        }
        if (lat instanceof Number && lon instanceof Number) {
            double la = ((Number) lat).doubleValue();
            double lo = ((Number) lon).doubleValue();
            if (Double.isFinite(la) && Double.isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180) {
                return GeoLocation.of(country, la, lo, radius instanceof Number ? ((Number) radius).intValue() : -1);
            }
        }
        return GeoLocation.of(country);
    }

    /** An ASN record, or null without a valid number. */
    static AutonomousSystem network(Map<String, Object> record) {
        Object n = record.get("autonomous_system_number");
        if (!(n instanceof Number)) {
            return null;
        }
        long number = ((Number) n).longValue();
        if (number < 1 || number > 0xFFFF_FFFFL) {
            return null;
        }
        Object org = record.get("autonomous_system_organization");
        return AutonomousSystem.of(number, org instanceof String ? (String) org : null);
    }

    private static Object nested(Map<String, Object> record, String outer, String inner) {
        Object o = record.get(outer);
        return o instanceof Map ? ((Map<?, ?>) o).get(inner) : null;
    }

    /** An ISO 3166-1 alpha-2 code, upper case, or null for anything else (an empty string, "ZZ" unknown). */
    private static String code(Object v) {
        if (!(v instanceof String)) {
            return null;
        }
        String s = ((String) v).toUpperCase(Locale.ROOT);
        return s.length() == 2 && Character.isLetter(s.charAt(0)) && Character.isLetter(s.charAt(1)) && !s.equals("ZZ")
                ? s : null;
    }

    /** Looks at the files when a check is due; a reload drops the cached answers. */
    private void checkReload() {
        long now = clock.millis();
        if (now < nextCheck) {
            return;
        }
        synchronized (this) {
            if (now < nextCheck) {
                return;
            }
            nextCheck = now + RELOAD_CHECK.toMillis();
            boolean changed = false;
            for (Database d : locations) {
                changed |= d.reload(false);
            }
            for (Database d : networks) {
                changed |= d.reload(false);
            }
            if (changed) {
                cache = newCache();
            }
        }
    }

    /** One database file and the reader of its current version. */
    private static final class Database {
        final Path file;
        final boolean asn;
        /** The open version: its reader and whether its tree holds IPv4 only, swapped together. */
        volatile Opened opened;
        String stamp;

        private static final class Opened {
            final Reader reader;
            final boolean ipv4Only;

            Opened(Reader reader, boolean ipv4Only) {
                this.reader = reader;
                this.ipv4Only = ipv4Only;
            }
        }

        Database(Path file, boolean asn) {
            this.file = file;
            this.asn = asn;
        }

        private String stamp() throws IOException {
            return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        }

        /**
         * Opens the file anew when it changed; true when it was swapped. At start-up ({@code first}) a file that cannot
         * be used fails; later the previous version stays.
         */
        boolean reload(boolean first) {
            try {
                String now = stamp();
                if (!first && now.equals(stamp)) {
                    return false;
                }
                Reader next = new Reader(new File(file.toString()), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
                String type = String.valueOf(next.getMetadata().getDatabaseType()).toLowerCase(Locale.ROOT);
                if (!asn && type.contains("asn")) {
                    throw new IOException("it is an ASN database (" + type + "); configure it as zt.geo.asn-mmdb");
                }
                // the previous reader is left to the collector: a lookup may still be reading it
                opened = new Opened(next, next.getMetadata().getIpVersion() == 4);
                stamp = now;
                if (!first) {
                    LOG.log(Level.INFO, "zt: reloaded {0} ({1}, built {2})", file, type,
                            next.getMetadata().getBuildDate());
                }
                return true;
            } catch (IOException | RuntimeException e) {
                if (first) {
                    throw new IllegalArgumentException("cannot use " + file + " as a MaxMind DB: " + e.getMessage());
                }
                LOG.log(Level.WARNING, "zt: {0} changed but cannot be read, the previous version stays: {1}", file,
                        e.getMessage());
                stamp = null; // try again at the next check
                return false;
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> get(InetAddress ip) {
            Opened o = opened;
            if (o.ipv4Only && ip.getAddress().length == 16) {
                return null;
            }
            try {
                return o.reader.get(ip, Map.class);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "zt: looking up an address in {0} failed ({1})", file,
                        e.getClass().getSimpleName());
                return null;
            }
        }
    }
}
