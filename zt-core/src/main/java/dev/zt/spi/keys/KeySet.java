package dev.zt.spi.keys;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of the keys an issuer currently signs with, indexed by {@code kid}.
 *
 * <p>{@link #contains(VerificationKey)} compares by identity: a {@link KeySource} that reloads its keys hands out new
 * {@code VerificationKey} objects, so a token verified with a key that has since left the set can be recognised and
 * re-checked (zt stops trusting removed keys even for tokens it had cached).
 */
public final class KeySet {

    private static final KeySet EMPTY = new KeySet(List.of());

    private final List<VerificationKey> keys;
    private final Map<String, List<VerificationKey>> byId;
    private final Set<VerificationKey> identities;

    private KeySet(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
        Map<String, List<VerificationKey>> index = new HashMap<>();
        Set<VerificationKey> ids = Collections.newSetFromMap(new IdentityHashMap<>());
        for (VerificationKey k : this.keys) {
            ids.add(k);
            if (k.keyIdOrNull() != null) {
                index.computeIfAbsent(k.keyIdOrNull(), x -> new java.util.ArrayList<>()).add(k);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.byId = Map.copyOf(index);
        this.identities = Collections.unmodifiableSet(ids);
    }

    /** A key set holding these keys. */
    public static KeySet of(List<VerificationKey> keys) {
        return keys.isEmpty() ? EMPTY : new KeySet(keys);
    }

    /** The empty key set. */
    public static KeySet empty() {
        return EMPTY;
    }

    /** All keys, in the order the source gave them. */
    public List<VerificationKey> all() {
        return keys;
    }

    /** The keys with this {@code kid} (usually zero or one). */
    public List<VerificationKey> withId(String keyId) {
        List<VerificationKey> found = byId.get(keyId);
        return found == null ? List.of() : found;
    }

    /** True when this very key object belongs to the set. */
    public boolean contains(VerificationKey key) {
        return identities.contains(key);
    }

    /** Number of keys. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "KeySet" + keys;
    }
}
