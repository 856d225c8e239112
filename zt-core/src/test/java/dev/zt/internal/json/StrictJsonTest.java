package dev.zt.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void parseWhenValidThenTypedValues() {
        Map<String, Object> m = StrictJson.parseObject(
                " {\"s\":\"a\\u00e9\\n\",\"i\":-12,\"big\":18446744073709551616,\"d\":1.5e3,\"t\":true,"
                        + "\"n\":null,\"a\":[1,\"x\",{}],\"o\":{\"k\":[]}} ");
        assertThat(m.get("s")).isEqualTo("a\u00e9\n");
        assertThat(m.get("i")).isEqualTo(-12L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(m.get("d")).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m).containsEntry("n", null);
        assertThat((List<?>) m.get("a")).hasSize(3);
        assertThat(m.get("o")).isEqualTo(Map.of("k", List.of()));
        assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "[]", "\"s\"", "{", "{\"a\":1", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "{\"a\":1}{}", "{\"a\":1} x", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":NaN}",
        "{\"a\":Infinity}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\u0001\"}",
        "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":1,\"a\":2}", "{\"exp\":1,\"\\u0065xp\":2}",
        "{\"a\":[1 2]}", "{\"a\":\"unterminated}"})
    void parseWhenNotStrictJsonObjectThenRejected(String text) {
        assertThatThrownBy(() -> StrictJson.parseObject(text)).isInstanceOf(JsonException.class);
    }

    @Test
    void parseWhenNestedBeyondLimitThenRejected() {
        String ok = "{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}";
        String deep = "{\"a\":" + "[".repeat(16) + "]".repeat(16) + "}";
        assertThat(StrictJson.parseObject(ok)).containsKey("a");
        assertThatThrownBy(() -> StrictJson.parseObject(deep)).hasMessageContaining("deeper");
        String huge = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> StrictJson.parseObject(huge)).isInstanceOf(JsonException.class);
    }

    @Test
    void parseWhenErrorThenMessageDoesNotEchoInput() {
        assertThatThrownBy(() -> StrictJson.parseObject("{\"secret-value\":1,\"secret-value\":2}"))
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void quoteWhenValueHasQuotesControlCharactersAndDelThenParsesBackToTheSameString() {
        String nasty = "a\"b\\c\nd\u0000e\u007ff\u2028g";
        String json = JsonWriter.quote(new StringBuilder("{\"v\":"), nasty, Integer.MAX_VALUE).append('}').toString();
        assertThat(json).doesNotContain("\n").doesNotContain("\u007f");
        assertThat(StrictJson.parseObject(json)).containsEntry("v", nasty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"k\\u\u0660\u0660\u0663\u0661\":1}", "{\"\\u\u0660\u0660\u0666\u0665xp\":1}",
        "{\"a\":\"\\u\uff10\uff10\uff14\uff11\"}", "{\"a\":\"\\u00\u00b2\u00b2\"}"})
    void parseWhenUnicodeEscapeUsesNonAsciiDigitsThenRejected(String text) {
        // Character.digit reads Arabic-Indic and full-width digits: "k\u0660\u0660\u0663\u0661" would become "k1"
        assertThatThrownBy(() -> StrictJson.parseObject(text)).isInstanceOf(JsonException.class);
    }

    @Test
    void parseWhenUnicodeEscapeUsesAsciiHexInEitherCaseThenDecoded() {
        assertThat(StrictJson.parseObject("{\"\\u0065xp\":\"\\u00E9\\u00e9\"}")).containsEntry("exp", "\u00e9\u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-20000000", "1e20000000", "1E+401", "0.5e-401", "1e0000000000401",
        "0.00000000000000000000000000000000000000000000000000000000000000001"})
    void parseWhenNumberIsLongOrItsExponentHugeThenRejectedBeforeAnyArithmetic(String number) {
        assertThatThrownBy(() -> StrictJson.parseObject("{\"nbf\":" + number + "}")).isInstanceOf(JsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "1e-400", "1.5E+3", "1e000400", "340282366920938463463374607431768211456",
        "1776000000.123456"})
    void parseWhenNumberWithinTheLimitsThenAccepted(String number) {
        assertThat(StrictJson.parseObject("{\"n\":" + number + "}")).containsKey("n");
    }

    @Test
    void quoteWhenValueHasLineSeparatorsThenEscaped() {
        String json = JsonWriter.quote(new StringBuilder(), "a\u2028b\u2029c\u0085d", 100).toString();
        assertThat(json).isEqualTo("\"a\\u2028b\\u2029c\\u0085d\"");
    }

    @Test
    void quoteWhenCutFallsInsideASurrogatePairThenThePairIsDroppedWhole() {
        String emoji = "ab\ud83d\ude00";
        assertThat(JsonWriter.quote(new StringBuilder(), emoji, 3).toString()).isEqualTo("\"ab\"");
        assertThat(JsonWriter.quote(new StringBuilder(), emoji, 4).toString()).isEqualTo("\"" + emoji + "\"");
        assertThat(JsonWriter.quote(new StringBuilder(), "x\udc00y", 10).toString()).isEqualTo("\"x\\udc00y\"");
    }

    @Test
    void quoteWhenLongerThanTheLimitThenCut() {
        assertThat(JsonWriter.quote(new StringBuilder(), "abcdef", 3).toString()).isEqualTo("\"abc\"");
    }
}
