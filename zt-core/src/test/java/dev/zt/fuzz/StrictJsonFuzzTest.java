package dev.zt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zt.internal.json.JsonException;
import dev.zt.internal.json.StrictJson;

import java.nio.charset.StandardCharsets;

/** The strict JSON parser on arbitrary input: a value or a {@link JsonException}, nothing else (no stack overflow). */
class StrictJsonFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parseNeverFailsOtherwise(byte[] data) {
        try {
            StrictJson.parse(new String(data, StandardCharsets.UTF_8), 16);
        } catch (JsonException expected) {
            // refused input is fine
            return;
        }
    }
}
