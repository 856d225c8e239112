package dev.zt.monitoring;

import com.google.auto.value.AutoValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What zt depends on, as it stands on this node (read only): each issuer's signing keys, the stores, each Shared Signals
 * stream, the AuthZEN PDP. {@link Status#DOWN} when zt cannot decide for some requests (an issuer without trustworthy
 * keys, a store that does not answer): they are refused; {@link Status#DEGRADED} when a dependency that only adds to
 * decisions is failing (a stream, the PDP: its rules fail closed). Details say what, never a secret or a URL.
 */
@AutoValue
public abstract class Health {

    /** How a component, or zt as a whole, stands. */
    public enum Status {
        /** Working. */
        UP,
        /** Working, but a dependency that adds to decisions fails (its requests fail closed). */
        DEGRADED,
        /** Some requests cannot be decided and are refused. */
        DOWN
    }

    Health() {
    }

    /** A health of components checked at a time: the worst of them overall. */
    public static Health of(Instant checkedAt, List<Component> components) {
        Status worst = Status.UP;
        for (Component c : components) {
            if (c.status().compareTo(worst) > 0) {
                worst = c.status();
            }
        }
        return new AutoValue_Health(worst, List.copyOf(components), checkedAt);
    }

    /** The worst component's status. */
    public abstract Status status();

    /** The components, in a stable order: {@code keys:<issuer>}, {@code store}, {@code ssf:<transmitter>}, {@code pdp}. */
    public abstract List<Component> components();

    /** When the components were checked. */
    public abstract Instant checkedAt();

    /** One dependency's health. */
    @AutoValue
    public abstract static class Component {

        Component() {
        }

        /** A component. */
        public static Component of(String name, Status status, String detail) {
            return of(name, status, detail, Map.of());
        }

        /** A component with numbers a console or a probe can read ({@code keys}, {@code lag_seconds}, ...). */
        public static Component of(String name, Status status, String detail, Map<String, Long> values) {
            return new AutoValue_Health_Component(name, status, detail, Map.copyOf(values));
        }

        /** Its name. */
        public abstract String name();

        /** Its status. */
        public abstract Status status();

        /** What zt knows of it (a count, an age, an error's kind). */
        public abstract String detail();

        /**
         * The same as numbers, where there are any: {@code keys} (an issuer's key count), {@code lag_seconds} (seconds
         * since a Shared Signals transmitter was last heard from, or since zt started when it never was).
         */
        public abstract Map<String, Long> values();
    }
}
