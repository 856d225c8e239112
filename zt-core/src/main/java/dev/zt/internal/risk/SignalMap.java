package dev.zt.internal.risk;

import dev.zt.spi.risk.RiskSignal;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The signals a trust policy decides on: check id → signal in the checks' order, unmodifiable, over two arrays (one
 * request's answers), so that a decision does not build a hash map. Ids are unique ({@link RiskChecks}); a handful of
 * entries, so {@link #get} scans.
 */
final class SignalMap extends AbstractMap<String, RiskSignal> {

    private final String[] ids;
    private final RiskSignal[] signals;

    private SignalMap(String[] ids, RiskSignal[] signals) {
        this.ids = ids;
        this.signals = signals;
    }

    /** The answered checks ({@code answered} of {@code signals} are non-null), in order; the arrays are not copied. */
    static Map<String, RiskSignal> of(String[] ids, RiskSignal[] signals, int answered) {
        if (answered == signals.length) {
            return new SignalMap(ids, signals);
        }
        String[] i2 = new String[answered];
        RiskSignal[] s2 = new RiskSignal[answered];
        for (int i = 0, j = 0; i < signals.length; i++) {
            if (signals[i] != null) {
                i2[j] = ids[i];
                s2[j++] = signals[i];
            }
        }
        return new SignalMap(i2, s2);
    }

    @Override
    public int size() {
        return signals.length;
    }

    @Override
    public RiskSignal get(Object key) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(key)) {
                return signals[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Collection<RiskSignal> values() {
        return new AbstractCollection<RiskSignal>() {
            @Override
            public Iterator<RiskSignal> iterator() {
                return new At<RiskSignal>() {
                    @Override
                    RiskSignal at(int i) {
                        return signals[i];
                    }
                };
            }

            @Override
            public int size() {
                return signals.length;
            }
        };
    }

    @Override
    public Set<Entry<String, RiskSignal>> entrySet() {
        return new AbstractSet<Entry<String, RiskSignal>>() {
            @Override
            public Iterator<Entry<String, RiskSignal>> iterator() {
                return new At<Entry<String, RiskSignal>>() {
                    @Override
                    Entry<String, RiskSignal> at(int i) {
                        return new SimpleImmutableEntry<>(ids[i], signals[i]);
                    }
                };
            }

            @Override
            public int size() {
                return signals.length;
            }
        };
    }

    /** A read-only iterator over the positions. */
    private abstract class At<T> implements Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
            return next < signals.length;
        }

        @Override
        public T next() {
            if (next >= signals.length) {
                throw new NoSuchElementException();
            }
            return at(next++);
        }
    }
}
