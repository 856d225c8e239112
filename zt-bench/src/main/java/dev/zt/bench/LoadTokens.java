package dev.zt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes what the end-to-end load script needs: a fresh RS256 key's public half ({@code bench-public.pem}) and
 * {@code count} distinct RS256 access tokens signed with it ({@code tokens.txt}, one per line), valid for two hours,
 * accepted both by zt (issuer {@value #ISSUER}) and by MicroProfile JWT ({@code groups} holds {@code user}).
 *
 * <pre>java -cp zt-bench/target/zt-bench.jar:… dev.zt.bench.LoadTokens &lt;dir&gt; &lt;count&gt;</pre>
 */
public final class LoadTokens {

    /** The tokens' issuer. */
    public static final String ISSUER = "urn:zt:bench";
    /** The tokens' audience. */
    public static final String AUDIENCE = "zt-bench";

    private LoadTokens() {
    }

    /** Entry point: {@code <dir> <count>}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Fixtures.Keys keys = Fixtures.keys("RS256");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.verifying().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.US_ASCII);
        long now = Instant.now().getEpochSecond();
        List<String> tokens = IntStream.range(0, count).parallel().mapToObj(n -> token(keys, n, now))
                .collect(Collectors.toList());
        Files.write(dir.resolve("tokens.txt"), tokens, StandardCharsets.US_ASCII);
    }

    /** A typical access token of user {@code n}: about 600 characters, unique {@code jti}. */
    static String token(Fixtures.Keys k, int n, long now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"; // no kid: the PEM key is the issuer's one key
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-" + n + "\",\"upn\":\"user-" + n
                + "@example.test\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 7_200)
                + ",\"jti\":\"j-" + n + "\",\"scope\":\"orders:read orders:write profile email\",\"groups\":[\"user\"],"
                + "\"roles\":[\"user\",\"auditor\"],\"acr\":\"mfa\",\"auth_time\":" + now + "}";
        String input = b64(header) + "." + b64(claims);
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Fixtures.sign(k,
                input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
