package dev.zt.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zt.testing.TestKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** zt's JSON for the tokens it mints through jjwt, without a JSON library on the class path. */
class JwtJsonTest {

    @Test
    void noJsonLibraryIsOnTheClassPath() {
        for (String type : new String[] {"com.fasterxml.jackson.databind.ObjectMapper", "com.google.gson.Gson",
            "io.jsonwebtoken.jackson.io.JacksonSerializer"}) {
            assertThatThrownBy(() -> Class.forName(type)).as(type).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aTokenJjwtSignsWithItCarriesExactlyTheMembersGiven() {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        String token = Jwts.builder().json(JwtJson.INSTANCE).header().keyId("k1").type("zt-session+jwt").and()
                .issuer("https://zt.example").subject("al\"ice\u2028").audience().single("https://zt.example")
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300))).claim("roles", List.of("a", "b"))
                .claim("amr", Set.of("otp")).claim("auth_time", now.getEpochSecond()).claim("flag", true)
                .signWith(TestKeys.RSA.getPrivate(), Jwts.SIG.RS256).compact();
        String[] parts = token.split("\\.");
        Map<String, Object> header = StrictJson.parseObject(decode(parts[0]));
        assertThat(header).containsOnly(Map.entry("alg", "RS256"), Map.entry("kid", "k1"),
                Map.entry("typ", "zt-session+jwt"));
        Map<String, Object> claims = StrictJson.parseObject(decode(parts[1]));
        assertThat(claims).containsEntry("sub", "al\"ice\u2028").containsEntry("aud", "https://zt.example")
                .containsEntry("iat", now.getEpochSecond()).containsEntry("exp", now.getEpochSecond() + 300)
                .containsEntry("roles", List.of("a", "b")).containsEntry("amr", List.of("otp"))
                .containsEntry("auth_time", now.getEpochSecond()).containsEntry("flag", true).hasSize(9);
        assertThat(decode(parts[1])).as("escaped for any reader").contains("\\u2028").contains("al\\\"ice");
    }

    @Test
    void membersZtNeverWritesAreRefusedNotWrittenHalf() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("sub", "alice");
        nested.put("cnf", Map.of("jkt", Map.of("deeper", "x")));
        assertThatThrownBy(() -> JwtJson.INSTANCE.serialize(nested)).isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("token member 'cnf' is not an object of strings");
        assertThat(JwtJson.write(Map.of("cnf", Map.of("jkt", "a\"b")))).isEqualTo("{\"cnf\":{\"jkt\":\"a\\\"b\"}}");
        assertThatThrownBy(() -> JwtJson.write(Map.of("o", new Object()))).hasMessageContaining(
                "zt writes strings, integers, booleans, string arrays and objects of strings");
        assertThatThrownBy(() -> JwtJson.write(Map.of("n", 1.5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtJson.write(Map.of("a", List.of("x", 1)))).hasMessageContaining(
                "arrays of strings only");
    }

    @Test
    void nullMembersAreLeftOut() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", null);
        m.put("b", "x");
        assertThat(JwtJson.write(m)).isEqualTo("{\"b\":\"x\"}");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
