package dev.zt.internal.session;

import dev.zt.config.SessionSettings;
import dev.zt.session.SessionView;
import dev.zt.spi.store.WindowStore;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The per-subject bounds on sessions: how many a subject may create a minute
 * ({@code zt.session.create-rate.per-subject}) and hold at once ({@code zt.session.max-per-subject}, the oldest end).
 */
final class SessionLimits {

    private static final System.Logger LOG = System.getLogger("dev.zt.session");

    private final SessionSettings settings;
    private final WindowStore windows;
    private final boolean reportOnly;

    SessionLimits(SessionSettings settings, WindowStore windows, boolean reportOnly) {
        this.settings = settings;
        this.windows = windows;
        this.reportOnly = reportOnly;
    }

    /** Counts a creation for {@code subject}, refusing it ({@code rate_limited}) beyond the rate. */
    void beforeCreate(String subject) {
        int recent = GuardedStore.call(() -> windows.recordEvent("session-create " + subject, Duration.ofMinutes(1)));
        if (recent > settings.createPerSubject()) {
            if (!reportOnly) {
                throw new TokenRejectedException(RejectionReason.RATE_LIMITED, "the subject created " + recent
                        + " sessions in the last minute (zt.session.create-rate.per-subject "
                        + settings.createPerSubject() + ")");
            }
            LOG.log(Level.INFO, "report-only: a session creation would be refused as rate-limited");
        }
    }

    /** Ends (through {@code revoke}) the subject's oldest live sessions beyond the cap, never the one just created. */
    void afterCreate(GuardedStore store, String subject, String created, Instant now,
            BiConsumer<String, String> revoke) {
        List<String> ids = store.sessionsOf(subject);
        if (ids.size() <= settings.maxPerSubject()) {
            return;
        }
        List<String> live = new ArrayList<>();
        for (String id : ids) {
            if (store.find(id).filter(r -> usable(r.session(), now)).isPresent()) {
                live.add(id);
            }
        }
        for (int i = 0; live.size() - i > settings.maxPerSubject(); i++) {
            String oldest = live.get(i);
            if (!oldest.equals(created)) {
                revoke.accept(oldest, "the subject holds more than zt.session.max-per-subject sessions (oldest ended)");
            }
        }
    }

    /** Not revoked, within the absolute lifetime and not idle. */
    boolean usable(SessionView s, Instant now) {
        return !s.revoked() && now.isBefore(s.createdAt().plus(settings.maxLifetime()))
                && !now.isAfter(s.lastSeenAt().plus(settings.idleTimeout()));
    }
}
