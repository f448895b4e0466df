package io.ticketflow.sdk;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's JSON: Jackson, read into plain {@code Map}/{@code List}/{@code String}/{@code Number}/{@code Boolean}
 * values (objects keep their key order; integers as the smallest of {@code Integer}, {@code Long},
 * {@code BigInteger}) and written from them, from records and from {@code java.time} values (ISO-8601 text).
 * Whatever Jackson cannot read or write is an {@link IllegalArgumentException}, so a bad argument fails before
 * anything is sent.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            // a repeated key in an answer is an error, not a silent overwrite
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // an object with nothing to write is a caller's mistake (e.g. a value that is no data), not "{}"
            .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    static byte[] writeUtf8(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Object parse(byte[] json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new JsonException(e.getOriginalMessage(), e);
        }
    }

    static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            throw new JsonException(e.getOriginalMessage(), e);
        }
    }

    /** Text that is not JSON. */
    static final class JsonException extends IllegalArgumentException {

        JsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
