package dev.zt.filter.internal.request;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body read by zt itself, bounded in bytes and fields, for the secrets
 * that must come from a body and never from the URL (the CSRF field of an HTML form, a back-channel logout token):
 * {@code getParameter} would merge the query string in, and a container that refuses a large form throws from it. The
 * body is kept, and {@link #wrap} hands the application a request that reads the same body and parameters as if zt had
 * never touched it.
 */
public final class FormBody {

    private final byte[] bytes;
    private final Charset charset;
    private final Map<String, List<String>> fields;

    private FormBody(byte[] bytes, Charset charset, Map<String, List<String>> fields) {
        this.bytes = bytes;
        this.charset = charset;
        this.fields = fields;
    }

    /** True when the request's content type is {@code application/x-www-form-urlencoded}. */
    public static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * Reads the body.
     *
     * @throws RequestRejectedException when it is longer than {@code maxBytes}, has more than {@code maxFields} fields,
     *     or is not well-formed
     */
    public static FormBody read(HttpServletRequest request, int maxBytes, int maxFields)
            throws IOException, RequestRejectedException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new RequestRejectedException("form body longer than " + maxBytes + " bytes");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            throw new RequestRejectedException("form body longer than " + maxBytes + " bytes");
        }
        Charset charset = charset(request);
        return new FormBody(body, charset, parse(new String(body, charset), charset, maxFields));
    }

    /** The values of a body field (never the query string). */
    public List<String> values(String name) {
        List<String> v = fields.get(name);
        return v == null ? List.of() : v;
    }

    /** The application's view: the same body and parameters (query string first, then body), as read before. */
    public HttpServletRequest wrap(HttpServletRequest request, int maxFields) throws RequestRejectedException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        String query = request.getQueryString();
        if (query != null) {
            all.putAll(parse(query, charset, maxFields));
        }
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        all.forEach((k, v) -> parameters.put(k, v.toArray(new String[0])));
        return new Replayed(request, bytes, charset, Collections.unmodifiableMap(parameters));
    }

    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        if (name == null && request.getServletContext() != null) {
            name = request.getServletContext().getRequestCharacterEncoding();
        }
        if (name == null) {
            return StandardCharsets.ISO_8859_1; // the Servlet specification's default for form data
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static Map<String, List<String>> parse(String text, Charset charset, int maxFields)
            throws RequestRejectedException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        int count = 0;
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > maxFields) {
                throw new RequestRejectedException("more than " + maxFields + " form fields");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return out;
    }

    private static String decode(String s, Charset charset) throws RequestRejectedException {
        try {
            return URLDecoder.decode(s, charset.name());
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            throw new RequestRejectedException("malformed form encoding");
        }
    }

    /** The request with its body read once by zt and replayed to the application. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;
        private final Charset charset;
        private final Map<String, String[]> parameters;

        Replayed(HttpServletRequest request, byte[] body, Charset charset, Map<String, String[]> parameters) {
            super(request);
            this.body = body;
            this.charset = charset;
            this.parameters = parameters;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public String getParameter(String name) {
            String[] v = parameters.get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] v = parameters.get(name);
            return v == null ? null : v.clone();
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
