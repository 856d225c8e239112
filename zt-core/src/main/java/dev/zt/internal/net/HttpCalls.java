package dev.zt.internal.net;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What zt's outgoing HTTP calls (JWK Sets, an identity provider's endpoints) share: one deadline, cache lifetimes. */
public final class HttpCalls {

    private HttpCalls() {
    }

    /**
     * Waits at most {@code budget} for an answer; a timeout cancels the call. Any failure is an {@link IOException}
     * whose message names the cause's type and message (never a request body).
     */
    public static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, Duration budget)
            throws IOException {
        try {
            return future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("timed out");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(c == null ? "failed" : c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
    }

    /** {@code max-age} of a Cache-Control header; {@code no-cache}/{@code no-store} mean zero; null when absent. */
    public static Duration maxAge(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
            String p = part.trim();
            if (p.equals("no-cache") || p.equals("no-store")) {
                return Duration.ZERO;
            }
            if (p.startsWith("max-age=")) {
                try {
                    return Duration.ofSeconds(Long.parseLong(p.substring(8).replace("\"", "")));
                } catch (NumberFormatException | ArithmeticException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
