package dev.zt.bench;

import dev.zt.token.TokenVerifier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The warm path: a token zt has verified before — cache lookup, time claims, key still trusted, revocation — on one
 * thread, and with two threads on the same token and on different tokens (Caffeine contention). {@code warm} reuses one
 * string, whose hash the JDK caches after the first call; a server reads each request's token into a new string:
 * {@code warmAsPresented} does that ({@code presentedCopy} is the copy alone, to subtract).
 */
public class WarmPathBenchmark extends AverageTimeBenchmark {

    private TokenVerifier zt;
    private String token;
    private char[] tokenChars;
    private String[] tokens;

    @Setup
    public void setup() {
        Fixtures.Keys keys = Fixtures.keys("RS256");
        zt = Fixtures.zt(keys, 10_000);
        token = Fixtures.token(keys, 1);
        zt.verify(token);
        tokenChars = token.toCharArray();
        tokens = new String[64];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = Fixtures.token(keys, i + 2);
            zt.verify(tokens[i]);
        }
    }

    /** One thread's position in {@link #tokens}. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;
    }

    @Benchmark
    public Object warm() {
        return zt.verify(token);
    }

    /** The token in a new string, as a server reads it from each request's header. */
    @Benchmark
    public Object warmAsPresented() {
        return zt.verify(new String(tokenChars));
    }

    /** The copy alone ({@link #warmAsPresented} minus this is the verification of a new string). */
    @Benchmark
    public Object presentedCopy() {
        return new String(tokenChars);
    }

    @Benchmark
    @Threads(2)
    public Object warmSameTokenTwoThreads() {
        return zt.verify(token);
    }

    @Benchmark
    @Threads(2)
    public Object warmDifferentTokensTwoThreads(Cursor c) {
        c.i = (c.i + 1) & 63;
        return zt.verify(tokens[c.i]);
    }
}
