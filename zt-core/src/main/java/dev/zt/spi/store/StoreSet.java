package dev.zt.spi.store;

import com.google.auto.value.AutoValue;

import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link StoreProvider.Stores} assembled from their parts, for providers: each store left unset keeps zt's in-memory
 * default, and {@link #close()} runs the provider's release action (e.g. closing its connections).
 */
@AutoValue
public abstract class StoreSet implements StoreProvider.Stores {

    StoreSet() {
    }

    /** A builder; nothing set yet, and closing does nothing until {@link Builder#onClose} says otherwise. */
    public static Builder builder() {
        return new AutoValue_StoreSet.Builder().onClose(() -> { }).budgets(resumed -> StoreProvider.Budget.NONE);
    }

    @Override
    public abstract Optional<SessionStore> sessions();

    @Override
    public abstract Optional<RevocationStore> revocations();

    @Override
    public abstract Optional<ProfileStore> profiles();

    @Override
    public abstract Optional<WindowStore> windows();

    @Override
    public abstract Optional<ReplayCache> replays();

    @Override
    public abstract Optional<Clock> clock();

    @Override
    public abstract Optional<ActivityStore> activity();

    abstract Runnable onClose();

    abstract UnaryOperator<StoreProvider.Budget> budgets();

    @Override
    public final StoreProvider.Budget budget(StoreProvider.Budget resumed) {
        return budgets().apply(resumed);
    }

    @Override
    public final void close() {
        onClose().run();
    }

    /** Builds a {@link StoreSet}. */
    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        /** The session store. */
        public abstract Builder sessions(SessionStore v);

        /** The revocation store. */
        public abstract Builder revocations(RevocationStore v);

        /** The profile store. */
        public abstract Builder profiles(ProfileStore v);

        /** The rate and behaviour windows. */
        public abstract Builder windows(WindowStore v);

        /** The replay cache. */
        public abstract Builder replays(ReplayCache v);

        /** The stores' clock. */
        public abstract Builder clock(Clock v);

        /** The store the nodes share their recent decisions in, for the console's cluster view. */
        public abstract Builder activity(ActivityStore v);

        /** What {@link StoreSet#budget} opens: a request's one budget for every store call on its thread. */
        public abstract Builder budgets(UnaryOperator<StoreProvider.Budget> v);

        /** What {@link StoreSet#close()} runs. */
        public abstract Builder onClose(Runnable v);

        /** Builds the set. */
        public abstract StoreSet build();
    }
}
