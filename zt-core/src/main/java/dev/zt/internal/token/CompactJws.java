package dev.zt.internal.token;

import static dev.zt.internal.token.Rejections.reject;

import dev.zt.internal.json.JsonException;
import dev.zt.internal.json.StrictJson;
import dev.zt.token.RejectionReason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A compact JWS split and decoded strictly (RFC 7515 section 7.1): exactly three base64url segments, canonical
 * encoding, a JOSE header that is a strict JSON object. The payload is decoded but not interpreted.
 */
public final class CompactJws {

    private final String token;
    private final int firstDot;
    private final int secondDot;
    private final Map<String, Object> header;
    private final byte[] payload;

    private CompactJws(String token, int firstDot, int secondDot, Map<String, Object> header, byte[] payload) {
        this.token = token;
        this.firstDot = firstDot;
        this.secondDot = secondDot;
        this.header = header;
        this.payload = payload;
    }

    /**
     * Splits and decodes a compact JWS; the length limit has been checked by the caller.
     *
     * @throws dev.zt.token.TokenRejectedException {@code token_malformed} for anything but a well-formed compact JWS
     */
    public static CompactJws parse(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "not a compact JWS (three base64url segments expected)");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "more than three segments: JWE and other serialisations"
                    + " are not accepted");
        }
        if (first == 0) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "empty header segment");
        }
        Map<String, Object> header;
        byte[] payload;
        try {
            header = StrictJson.parseObject(utf8(Base64Url.decode(token, 0, first)));
        } catch (IllegalArgumentException | JsonException e) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "header: " + e.getMessage());
        }
        try {
            payload = Base64Url.decode(token, first + 1, second);
        } catch (IllegalArgumentException e) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "payload: " + e.getMessage());
        }
        if (!Base64Url.isAlphabet(token, second + 1, token.length())) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "signature: not base64url");
        }
        return new CompactJws(token, first, second, header, payload);
    }

    /** Decodes UTF-8 strictly (malformed sequences are errors, not replacement characters). */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8");
        }
    }

    /** The JOSE header. */
    public Map<String, Object> header() {
        return header;
    }

    /** The decoded payload bytes. */
    public byte[] payload() {
        return payload;
    }

    /** The payload as a strict JSON object (the JWT claims set). */
    public Map<String, Object> claims() {
        try {
            return StrictJson.parseObject(utf8(payload));
        } catch (IllegalArgumentException | JsonException e) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "payload is not a JSON object: " + e.getMessage());
        }
    }

    /** The ASCII bytes of {@code header.payload}, the JWS signing input. */
    public byte[] signingInput() {
        return token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The decoded signature.
     *
     * @throws dev.zt.token.TokenRejectedException {@code signature_invalid} when empty or not canonical
     */
    public byte[] signature() {
        if (secondDot == token.length() - 1) {
            throw reject(RejectionReason.SIGNATURE_INVALID, "the signature is empty");
        }
        try {
            return Base64Url.decode(token, secondDot + 1, token.length());
        } catch (IllegalArgumentException e) {
            throw reject(RejectionReason.TOKEN_MALFORMED, "signature: " + e.getMessage());
        }
    }

    int headerEnd() {
        return firstDot;
    }
}
