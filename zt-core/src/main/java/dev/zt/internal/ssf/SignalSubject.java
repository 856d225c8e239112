package dev.zt.internal.ssf;

import static dev.zt.internal.ssf.DefaultSharedSignals.shorten;

import dev.zt.spi.store.RevocationStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A subject identifier (RFC 9493; SSF 1.0 section 3) resolved to what zt keys its state by: the issuer and {@code sub}
 * of a user (or, for an {@code email} subject, the address, matched against tokens' {@code email} claim), the provider
 * session ({@code sid}) and the device, all of the transmitter's subjects issuer. Formats: {@code iss_sub},
 * {@code email}, {@code opaque} (the user's {@code sub} at the subjects issuer), {@code complex} ({@code user},
 * {@code session}, {@code device}; {@code tenant} and the others are ignored) and {@code aliases} (the first of its
 * identifiers zt understands). Strings are bounded; anything else is refused.
 */
final class SignalSubject {

    /** The longest identifier accepted. */
    static final int MAX_CHARS = 1024;

    /** A subject identifier zt cannot act on; the message says why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        /** The identifier is well formed but belongs to another issuer (Global Token Revocation answers 404). */
        final boolean otherIssuer;

        Invalid(String message) {
            this(message, false);
        }

        Invalid(String message, boolean otherIssuer) {
            super(message, null, false, false);
            this.otherIssuer = otherIssuer;
        }
    }

    /** The {@code iss} of the subjects issuer every user, session and device belongs to. */
    final String issuer;
    /** The user's {@code sub}, or null. */
    final String subject;
    /** The user's e-mail address (lower case), or null. */
    final String email;
    /** The provider session's id, or null. */
    final String session;
    /** The device's id, or null. */
    final String device;
    /** The id of a top-level {@code opaque} subject (a stream id, for stream events), or null. */
    final String opaque;

    private SignalSubject(String issuer, String subject, String email, String session, String device, String opaque) {
        this.issuer = issuer;
        this.subject = subject;
        this.email = email;
        this.session = session;
        this.device = device;
        this.opaque = opaque;
    }

    /** True when a user is named (by {@code sub} or e-mail). */
    boolean namesUser() {
        return subject != null || email != null;
    }

    /**
     * The user as the revocation store keys subjects: the {@code sub} and/or {@code email:} and the address (both when
     * an {@code aliases} subject names both: a cut-off then reaches tokens with either).
     */
    List<String> userKeys() {
        List<String> keys = new ArrayList<>(2);
        if (subject != null) {
            keys.add(subject);
        }
        if (email != null) {
            keys.add(RevocationStore.EMAIL_SUBJECT_PREFIX + email);
        }
        return keys;
    }

    /** For messages: the user, session and device named (identifiers shortened). */
    String describe() {
        StringBuilder b = new StringBuilder();
        if (subject != null) {
            b.append("sub ").append(shorten(subject));
        }
        if (email != null) {
            b.append(b.length() == 0 ? "" : ", ").append("email ").append(shorten(email));
        }
        if (session != null) {
            b.append(b.length() == 0 ? "" : ", ").append("session ").append(shorten(session));
        }
        if (device != null) {
            b.append(b.length() == 0 ? "" : ", ").append("device ").append(shorten(device));
        }
        if (b.length() == 0 && opaque != null) {
            b.append("opaque ").append(shorten(opaque));
        }
        return b.toString();
    }

    /**
     * Resolves a {@code sub_id}.
     *
     * @param subjectsIssuer the {@code iss} of the issuer whose users the transmitter names
     * @throws Invalid for a format zt does not act on, a malformed identifier, or a user of another issuer
     */
    static SignalSubject parse(Map<String, Object> subId, String subjectsIssuer) throws Invalid {
        String format = string(subId, "format");
        if (format.equals("complex")) {
            String[] user = {null, null};
            if (subId.containsKey("user")) {
                user = user(object(subId, "user"), subjectsIssuer);
            }
            String session = subId.containsKey("session") ? simpleId(object(subId, "session"), "session",
                    subjectsIssuer) : null;
            String device = subId.containsKey("device") ? simpleId(object(subId, "device"), "device", subjectsIssuer)
                    : null;
            if (user[0] == null && user[1] == null && session == null && device == null) {
                throw new Invalid("a complex subject without user, session or device");
            }
            return new SignalSubject(subjectsIssuer, user[0], user[1], session, device, null);
        }
        if (format.equals("opaque")) {
            String id = string(subId, "id");
            return new SignalSubject(subjectsIssuer, id, null, null, null, id);
        }
        String[] user = user(subId, subjectsIssuer);
        return new SignalSubject(subjectsIssuer, user[0], user[1], null, null, null);
    }

    /** {@code {sub, email}} of a user subject ({@code iss_sub}, {@code email}, {@code opaque} or {@code aliases}). */
    private static String[] user(Map<String, Object> id, String subjectsIssuer) throws Invalid {
        String format = string(id, "format");
        switch (format) {
            case "iss_sub":
                if (!subjectsIssuer.equals(string(id, "iss"))) {
                    throw new Invalid("an iss_sub subject of another issuer than the transmitter's subjects issuer",
                            true);
                }
                return new String[] {string(id, "sub"), null};
            case "email":
                String email = string(id, "email").toLowerCase(Locale.ROOT);
                if (email.indexOf('@') <= 0 || email.indexOf('@') == email.length() - 1) {
                    throw new Invalid("an email subject without a valid address");
                }
                return new String[] {null, email};
            case "opaque":
                return new String[] {string(id, "id"), null};
            case "aliases":
                Object list = id.get("identifiers");
                if (!(list instanceof List) || ((List<?>) list).isEmpty() || ((List<?>) list).size() > 16) {
                    throw new Invalid("an aliases subject needs 1 to 16 identifiers");
                }
                // every alias zt understands counts: the first sub and the first address, so that a cut-off
                // reaches tokens carrying either
                String[] found = {null, null};
                Invalid last = null;
                for (Object o : (List<?>) list) {
                    if (o instanceof Map) {
                        try {
                            @SuppressWarnings("unchecked")
                            String[] alias = user((Map<String, Object>) o, subjectsIssuer);
                            found[0] = found[0] != null ? found[0] : alias[0];
                            found[1] = found[1] != null ? found[1] : alias[1];
                        } catch (Invalid e) {
                            last = e;
                        }
                    }
                }
                if (found[0] == null && found[1] == null) {
                    throw last != null ? last : new Invalid("no alias zt understands");
                }
                return found;
            default:
                throw new Invalid("subject format '" + shorten(format) + "' is not one zt acts on (iss_sub, email,"
                        + " opaque, complex, aliases)");
        }
    }

    /** The id of a session or device subject: {@code opaque} (its {@code id}) or {@code iss_sub} (its {@code sub}). */
    private static String simpleId(Map<String, Object> id, String what, String subjectsIssuer) throws Invalid {
        String format = string(id, "format");
        if (format.equals("opaque")) {
            return string(id, "id");
        }
        if (format.equals("iss_sub")) {
            if (!subjectsIssuer.equals(string(id, "iss"))) {
                throw new Invalid("a " + what + " of another issuer than the transmitter's subjects issuer", true);
            }
            return string(id, "sub");
        }
        throw new Invalid("a " + what + " subject in format '" + shorten(format) + "' (zt takes opaque or iss_sub)");
    }

    private static String string(Map<String, Object> m, String name) throws Invalid {
        Object v = m.get(name);
        if (!(v instanceof String) || ((String) v).isEmpty() || ((String) v).length() > MAX_CHARS) {
            throw new Invalid("the subject's " + name + " is not a string of 1 to " + MAX_CHARS + " characters");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String name) throws Invalid {
        Object v = m.get(name);
        if (!(v instanceof Map)) {
            throw new Invalid("the subject's " + name + " is not an object");
        }
        return (Map<String, Object>) v;
    }
}
