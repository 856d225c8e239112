package dev.zt.spi.store;

import java.time.Duration;
import java.util.Map;

/**
 * Where the nodes of a cluster share what they decided lately, so that zt's roll-out console shows the cluster and not
 * only the node that serves it. Each node publishes its own summary (text zt writes and reads; at most a few hundred
 * KB) every few seconds, replacing its previous one; a summary not published again within its time to live is
 * forgotten, so a node that stopped drops out. A store that cannot share (zt's in-memory default) has none, and the
 * console then shows its own node.
 */
public interface ActivityStore {

    /** Publishes a node's summary for an application, replacing its previous one, kept for {@code ttl}. */
    void publish(String application, String node, String summary, Duration ttl);

    /** The summaries of the application's nodes still within their time to live, by node. */
    Map<String, String> summaries(String application);
}
