package dev.zt.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test proxy's own instruments: the commands it saw and the round trips they took. */
class TcpProxyTest {

    @Test
    void seesEachCommandByNameAndCountsPipelinedOnesAsOneRoundTrip() throws Exception {
        try (RedisServer redis = new RedisServer(); TcpProxy proxy = new TcpProxy(redis.port)) {
            RedisClient client = RedisClient.create(proxy.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommands<String, String> sync = c.sync();
                int before = proxy.commands().size();
                long trips = proxy.roundTrips();
                sync.set("k", "v\r\n*2\r\n$3\r\nget"); // a value that looks like a command is not one
                sync.get("k");
                sync.eval("return redis.call('GET', KEYS[1])", ScriptOutputType.VALUE, new String[] {"k"});
                assertThat(proxy.commands().subList(before, proxy.commands().size())).containsExactly("set", "get",
                        "eval");
                assertThat(proxy.roundTrips() - trips).isEqualTo(3);

                c.setAutoFlushCommands(false);
                RedisAsyncCommands<String, String> async = c.async();
                trips = proxy.roundTrips();
                List<?> two = List.of(async.get("k"), async.get("k"));
                c.flushCommands();
                for (Object f : two) {
                    ((io.lettuce.core.RedisFuture<?>) f).get(10, TimeUnit.SECONDS);
                }
                assertThat(proxy.roundTrips() - trips).isEqualTo(1);
                c.setAutoFlushCommands(true);
            } finally {
                client.shutdown();
            }
        }
    }
}
