package dev.zt.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zt.ZeroTrust;
import dev.zt.config.ZtConfig;
import dev.zt.internal.keys.StaticKeySource;
import dev.zt.internal.session.InMemorySessionStore;
import dev.zt.session.IssuedSession;
import dev.zt.session.SessionCheck;
import dev.zt.spi.keys.KeySet;
import dev.zt.spi.store.SessionRecord;
import dev.zt.spi.store.SessionStore;
import dev.zt.spi.keys.VerificationKey;
import dev.zt.testing.MutableClock;
import dev.zt.testing.TestKeys;
import dev.zt.testing.TestTokens;
import dev.zt.token.RejectionReason;
import dev.zt.token.TokenRejectedException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults zt must survive: it fails closed while they last and recovers by itself. */
class FaultsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private ZeroTrust zt;

    @AfterEach
    void close() {
        if (zt != null) {
            zt.close();
        }
    }

    private ZeroTrust engine(SessionStore store) {
        ZeroTrust.Builder b = ZeroTrust.builder(ZtConfig.fromMap(Map.of("zt.issuer", TestTokens.ISSUER,
                "zt.audience", TestTokens.AUDIENCE, "zt.algorithms", "RS256"))).clock(clock)
                .keySource("default", StaticKeySource.of(KeySet.of(List.of(VerificationKey.of("k1", null,
                        TestKeys.RSA.getPublic()))), "test"));
        if (store != null) {
            b.sessionStore(store);
        }
        zt = b.build();
        return zt;
    }

    private String access() {
        return TestTokens.valid(clock.instant()).kid("k1").sign("RS256", TestKeys.RSA.getPrivate());
    }

    private static RejectionReason reasonOf(Runnable r) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, r::run);
        return e == null ? null : e.reason();
    }

    /** A session store that can be switched off. */
    private static final class FlakyStore implements SessionStore {
        final SessionStore delegate;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger failedCalls = new AtomicInteger();

        FlakyStore(SessionStore delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down.get()) {
                failedCalls.incrementAndGet();
                throw new IllegalStateException("store down");
            }
        }

        @Override
        public Optional<SessionRecord> find(String sessionId) {
            check();
            return delegate.find(sessionId);
        }

        @Override
        public void create(SessionRecord record) {
            check();
            delegate.create(record);
        }

        @Override
        public boolean replace(SessionRecord expected, SessionRecord updated) {
            check();
            return delegate.replace(expected, updated);
        }

        @Override
        public java.util.List<String> sessionsOf(String subject) {
            check();
            return delegate.sessionsOf(subject);
        }
    }

    @Test
    void sessionStoreThrowingFailsClosedWithoutCallingItAgainThenRecovers() throws InterruptedException {
        FlakyStore store = new FlakyStore(new InMemorySessionStore(clock, 100, Duration.ofMinutes(30),
                Duration.ofHours(8)));
        ZeroTrust e = engine(store);
        IssuedSession s = e.sessions().create(e.verifier().verify(access()));
        store.down.set(true);
        assertThat(reasonOf(() -> e.sessions().check(e.verifier().verify(s.token()))))
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThat(reasonOf(() -> e.sessions().create(e.verifier().verify(access()))))
                .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        for (int i = 0; i < 20; i++) { // the outage is known: refused at once, the store is not asked (nor waited on)
            assertThat(reasonOf(() -> e.sessions().check(e.verifier().verify(s.token()))))
                    .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        }
        assertThat(store.failedCalls.get()).isLessThan(3);
        assertThat(e.events().counters()).containsEntry("store_outage.application", 1L);
        store.down.set(false);
        // the next probe (at most half a second later) finds the store back and ends the outage
        Optional<SessionCheck> recovered = Optional.empty();
        for (int i = 0; i < 100 && recovered.isEmpty(); i++) {
            try {
                recovered = Optional.of(e.sessions().check(e.verifier().verify(s.token())));
            } catch (TokenRejectedException refused) {
                assertThat(refused.reason()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
                Thread.sleep(50);
            }
        }
        assertThat(recovered).map(c -> c.session().id()).contains(s.sessionId());
        assertThat(e.events().counters()).containsEntry("store_outage.application", 1L);
    }

    @Test
    void clockJumpingBackAndForthFailsClosedAndRecovers() {
        ZeroTrust e = engine(null);
        String token = access();
        e.verifier().verify(token); // cached now
        clock.advance(Duration.ofHours(-1)); // back: the cached token now looks issued in the future
        assertThat(reasonOf(() -> e.verifier().verify(token))).isEqualTo(RejectionReason.TOKEN_ISSUED_IN_FUTURE);
        clock.advance(Duration.ofHours(2)); // far forward: expired
        assertThat(reasonOf(() -> e.verifier().verify(token))).isEqualTo(RejectionReason.TOKEN_EXPIRED);
        clock.set(Instant.parse("2026-11-30T10:01:00Z")); // back to normal: fresh tokens work again
        assertThat(e.verifier().verify(access()).subject()).contains("alice");
    }

    @Test
    void sessionsSurviveTheClockJumpingBackAndExpireWhenItJumpsForward() {
        ZeroTrust e = engine(null);
        IssuedSession s = e.sessions().create(e.verifier().verify(access()));
        clock.advance(Duration.ofSeconds(-20)); // within the session issuer's skew
        assertThat(e.sessions().check(e.verifier().verify(s.token())).session().id()).isEqualTo(s.sessionId());
        clock.advance(Duration.ofHours(9)); // beyond the absolute limit
        assertThat(reasonOf(() -> e.sessions().check(e.verifier().verify(s.token()))))
                .isIn(RejectionReason.SESSION_EXPIRED, RejectionReason.TOKEN_EXPIRED);
    }
}
