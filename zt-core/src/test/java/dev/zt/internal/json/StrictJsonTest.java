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
        String json = StrictJson.quote(new StringBuilder("{\"v\":"), nasty, Integer.MAX_VALUE).append('}').toString();
        assertThat(json).doesNotContain("\n").doesNotContain("\u007f");
        assertThat(StrictJson.parseObject(json)).containsEntry("v", nasty);
    }

    @Test
    void quoteWhenLongerThanTheLimitThenCut() {
        assertThat(StrictJson.quote(new StringBuilder(), "abcdef", 3).toString()).isEqualTo("\"abc\"");
    }
}
