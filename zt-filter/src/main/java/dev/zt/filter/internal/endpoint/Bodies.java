package dev.zt.filter.internal.endpoint;

import dev.zt.internal.json.JsonWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Request and response bodies of zt's machine-to-machine endpoints: bounded reads, small JSON answers. */
final class Bodies {

    private Bodies() {
    }

    /** The body as UTF-8, or null when it is longer than {@code max} bytes (nothing more is read than that). */
    static String read(HttpServletRequest req, int max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            return null;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(max + 1);
        }
        return body.length > max ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** True when the request's media type (parameters ignored, case-insensitive) is {@code type}. */
    static boolean hasType(HttpServletRequest req, String type) {
        String ct = req.getContentType();
        if (ct == null) {
            return false;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT).equals(type);
    }

    /** A JSON answer of one status and the given members (name, value pairs; null values left out). */
    static void json(HttpServletResponse res, int status, String... members) throws IOException {
        JsonWriter w = JsonWriter.object(JsonWriter.UNLIMITED);
        for (int i = 0; i + 1 < members.length; i += 2) {
            w.field(members[i], members[i + 1]);
        }
        res.setHeader("Cache-Control", "no-store");
        send(res, status, "application/json", w.end().getBytes(StandardCharsets.UTF_8));
    }

    /** An answer of one status, content type and body. */
    static void send(HttpServletResponse res, int status, String type, byte[] body) throws IOException {
        res.setStatus(status);
        res.setContentType(type);
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
