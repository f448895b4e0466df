package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.FieldNames;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.web.ApiException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies as JSON trees and checks fields strictly, so a wrong type is a 400 the caller can fix
 * rather than something a service downstream half-understands. Bodies are read by hand, not through the codecs,
 * because the codecs' own limits and error types would bypass the gateway's 413 and problem codes.
 */
public final class JsonBodies {

    private static final ObjectReader READER = Json.MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {
    }

    /** The body as a JSON object; an empty body counts as {@code {}} (size is limited by BodySizeLimitFilter). */
    public static Mono<JsonNode> object(ServerRequest request) {
        return bytes(request).map(JsonBodies::parseObject);
    }

    /** The raw body of a JSON request (its Content-Type checked); empty bytes for an empty body. */
    public static Mono<byte[]> bytes(ServerRequest request) {
        return Mono.defer(() -> {
            requireJson(request.headers().contentType().orElse(null));
            return DataBufferUtils.join(request.exchange().getRequest().getBody())
                    .map(buffer -> {
                        try {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            return bytes;
                        } finally {
                            DataBufferUtils.release(buffer);
                        }
                    })
                    .defaultIfEmpty(new byte[0]);
        });
    }

    static void requireJson(MediaType contentType) {
        if (contentType == null || MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
                || (contentType.getSubtypeSuffix() != null && contentType.getSubtypeSuffix().equals("json"))) {
            return;
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + contentType + " is not supported here; send application/json");
    }

    public static JsonNode parseObject(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = READER.readValue(bytes);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        FieldNames.firstWithNul(node).ifPresent(path -> {
            // No store can hold such a name: refused here rather than failing a service after it was queued.
            throw invalid("Field names must not contain NUL (U+0000): " + path);
        });
        return node;
    }

    public static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null) {
            throw invalid(field + " is required");
        }
        if (value.isBlank()) {
            throw invalid(field + " must not be blank");
        }
        return value;
    }

    public static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(field + " must be a string");
        }
        return node.stringValue();
    }

    /** A missing or null object is empty: forms may legitimately carry no data. */
    public static Map<String, Object> optionalObject(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        return toMap(node, field);
    }

    public static Map<String, Object> requiredObject(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + " is required");
        }
        return toMap(node, field);
    }

    public static List<String> requiredStringList(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + " is required");
        }
        if (!node.isArray()) {
            throw invalid(field + " must be an array of strings");
        }
        if (node.isEmpty()) {
            throw invalid(field + " must not be empty");
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isString() || element.stringValue().isBlank()) {
                throw invalid(field + " must contain only non-blank strings");
            }
            values.add(element.stringValue());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node, String field) {
        if (!node.isObject()) {
            throw invalid(field + " must be a JSON object");
        }
        return Json.MAPPER.treeToValue(node, LinkedHashMap.class);
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
