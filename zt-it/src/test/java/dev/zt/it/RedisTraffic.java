package dev.zt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zt.store.redis.TcpProxy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Redis traffic of one HTTP request, as the proxy between a node and Redis sees it: the round trips and the
 * commands of the try with the fewest round trips of five, since the node's periodic server check (every 5 s) may fall
 * into one. Every try must be answered 200.
 */
final class RedisTraffic {

    final long roundTrips;
    final List<String> commands;

    private RedisTraffic(long roundTrips, List<String> commands) {
        this.roundTrips = roundTrips;
        this.commands = commands;
    }

    static RedisTraffic of(TcpProxy proxy, Callable<HttpResponse<String>> request) throws Exception {
        RedisTraffic fewest = null;
        for (int i = 0; i < 5; i++) {
            int seen = proxy.commands().size();
            long before = proxy.roundTrips();
            HttpResponse<String> r = request.call();
            long trips = proxy.roundTrips() - before;
            List<String> all = proxy.commands();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (fewest == null || trips < fewest.roundTrips) {
                fewest = new RedisTraffic(trips, List.copyOf(all.subList(seen, all.size())));
            }
        }
        return fewest;
    }

    @Override
    public String toString() {
        return roundTrips + " round trips " + commands;
    }
}
