package dev.zt.internal.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** Fetches the raw JWK Set document from where it lives. Implementations are thread-safe. */
public interface JwksFetcher {

    /** A fetched document and the freshness its server declared, if any. */
    final class Fetched {
        final String body;
        final Duration maxAge;

        Fetched(String body, Duration maxAge) {
            this.body = body;
            this.maxAge = maxAge;
        }
    }

    /** Fetches once; any problem is an {@link IOException} whose message holds no secret. */
    Fetched fetch() throws IOException;

    /** Where the set comes from, for logs. */
    String description();

    /** True for local sets (file, class path), which may hold secret keys. */
    boolean local();

    /** A fetcher for a configured JWK Set URI. */
    static JwksFetcher forUri(URI uri, HttpClient client, Duration readTimeout, int maxBytes, ClassLoader loader) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return new FileFetcher(Path.of(uri.getSchemeSpecificPart()), maxBytes);
            case "classpath":
                return new ClasspathFetcher(uri.getSchemeSpecificPart(), loader, maxBytes);
            default:
                return new HttpFetcher(uri, client, readTimeout, maxBytes);
        }
    }

    /**
     * A fetcher of the JWK Set an OpenID Provider names in its discovery document (OpenID Connect Discovery 1.0,
     * section 4): each fetch reads {@code {issuer}/.well-known/openid-configuration}, checks that its {@code issuer} is
     * exactly this one (section 4.3) and that {@code jwks_uri} is {@code https:} (or loopback {@code http:}, or any
     * {@code http:} when allowed), then fetches that set.
     */
    static JwksFetcher discovered(String issuer, HttpClient client, Duration readTimeout, int maxBytes,
            boolean allowHttp) {
        URI discovery = URI.create((issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
        return discovered(discovery, issuer, client, readTimeout, maxBytes, allowHttp);
    }

    /**
     * A fetcher of the JWK Set named by the {@code jwks_uri} of a metadata document whose {@code issuer} must be exactly
     * {@code issuer}: an OpenID Provider's discovery document, or a Shared Signals transmitter's configuration (SSF 1.0
     * section 7.1).
     */
    static JwksFetcher discovered(URI discovery, String issuer, HttpClient client, Duration readTimeout, int maxBytes,
            boolean allowHttp) {
        HttpFetcher document = new HttpFetcher(discovery, client, readTimeout, maxBytes);
        return new JwksFetcher() {
            @Override
            public Fetched fetch() throws IOException {
                java.util.Map<String, Object> doc;
                try {
                    doc = dev.zt.internal.json.StrictJson.parseObject(document.fetch().body);
                } catch (RuntimeException e) {
                    throw new IOException("the discovery document " + discovery + " is not a JSON object");
                }
                if (!issuer.equals(doc.get("issuer"))) {
                    throw new IOException("the discovery document's issuer is not exactly " + issuer);
                }
                Object jwks = doc.get("jwks_uri");
                URI uri;
                try {
                    uri = jwks instanceof String ? new URI((String) jwks) : null;
                } catch (java.net.URISyntaxException e) {
                    uri = null;
                }
                String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                String host = uri == null || uri.getHost() == null ? "" : uri.getHost();
                boolean loopback = host.equals("localhost") || host.equals("[::1]")
                        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
                if (!(scheme.equals("https") || scheme.equals("http") && (allowHttp || loopback)) || host.isEmpty()) {
                    throw new IOException("the discovery document's jwks_uri must be an https: URL");
                }
                return new HttpFetcher(uri, client, readTimeout, maxBytes).fetch();
            }

            @Override
            public String description() {
                return "the jwks_uri of " + discovery;
            }

            @Override
            public boolean local() {
                return false;
            }
        };
    }

    /** Reads at most {@code max} bytes or fails. */
    static byte[] readCapped(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > max) {
                throw new IOException("JWK Set larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Sets read locally (they may hold secret keys), at most {@code maxBytes} long. */
    abstract class LocalFetcher implements JwksFetcher {
        final int maxBytes;
        private final String description;

        LocalFetcher(String description, int maxBytes) {
            this.description = description;
            this.maxBytes = maxBytes;
        }

        @Override
        public final String description() {
            return description;
        }

        @Override
        public final boolean local() {
            return true;
        }
    }

    /** {@code file:} sets. */
    final class FileFetcher extends LocalFetcher {
        private final Path path;

        FileFetcher(Path path, int maxBytes) {
            super("file:" + path, maxBytes);
            this.path = path;
        }

        @Override
        public Fetched fetch() throws IOException {
            if (Files.size(path) > maxBytes) {
                throw new IOException("JWK Set larger than " + maxBytes + " bytes");
            }
            return new Fetched(Files.readString(path, StandardCharsets.UTF_8), null);
        }

    }

    /** {@code classpath:} sets. */
    final class ClasspathFetcher extends LocalFetcher {
        private final String resource;
        private final ClassLoader loader;

        ClasspathFetcher(String resource, ClassLoader loader, int maxBytes) {
            super("classpath:" + (resource.startsWith("/") ? resource.substring(1) : resource), maxBytes);
            this.resource = resource.startsWith("/") ? resource.substring(1) : resource;
            this.loader = loader;
        }

        @Override
        public Fetched fetch() throws IOException {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("class path resource " + resource + " not found");
                }
                return new Fetched(new String(readCapped(in, maxBytes), StandardCharsets.UTF_8), null);
            }
        }

    }

    /** {@code https:} and {@code http:} sets: no redirects, timeouts, a size cap, {@code Cache-Control: max-age}. */
    final class HttpFetcher implements JwksFetcher {
        private final URI uri;
        private final HttpClient client;
        private final Duration readTimeout;
        private final int maxBytes;

        HttpFetcher(URI uri, HttpClient client, Duration readTimeout, int maxBytes) {
            this.uri = uri;
            this.client = client;
            this.readTimeout = readTimeout;
            this.maxBytes = maxBytes;
        }

        @Override
        public Fetched fetch() throws IOException {
            HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(readTimeout)
                    .header("Accept", "application/jwk-set+json, application/json").build();
            CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                    info -> info.statusCode() == 200 ? new dev.zt.internal.net.CappedBody(maxBytes)
                            : HttpResponse.BodySubscribers.replacing(new byte[0]));
            HttpResponse<byte[]> response = dev.zt.internal.net.HttpCalls.await(future, readTimeout.plus(
                    client.connectTimeout().orElse(Duration.ZERO)));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            Duration maxAge = dev.zt.internal.net.HttpCalls.maxAge(response.headers().firstValue("Cache-Control")
                    .orElse(null));
            return new Fetched(new String(response.body(), StandardCharsets.UTF_8), maxAge);
        }

        @Override
        public String description() {
            return uri.toString();
        }

        @Override
        public boolean local() {
            return false;
        }
    }
}
