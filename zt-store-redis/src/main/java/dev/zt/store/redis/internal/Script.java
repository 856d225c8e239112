package dev.zt.store.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so that a request sends the digest, not the script's text; the first
 * call after Redis lost its script cache (a restart, {@code SCRIPT FLUSH}) answers {@code NOSCRIPT} and is sent again
 * with the text ({@code EVAL}, which caches it), within the same request budget.
 */
final class Script {

    private final String text;
    private final String sha;

    Script(String text) {
        this.text = text;
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            this.sha = hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** Runs the script on {@code keys} with {@code args}. */
    <T> T run(Redis redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.call(c -> c.<T>evalsha(sha, type, keys, args));
        } catch (RedisNoScriptException e) {
            return redis.call(c -> c.<T>eval(text, type, keys, args));
        }
    }
}
