package io.ticketflow.contracts;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Field names no store can hold: BSON writes names as NUL-terminated strings, so a NUL (U+0000) anywhere in a name,
 * at any depth, makes a document unwritable. Checked at the gateway (400 before queueing) and again by every
 * service that stores client data, for producers that bypass the gateway.
 */
public final class FieldNames {

    private FieldNames() {
    }

    /** The path (e.g. {@code data.nest.k\u0000}) of the first name holding a NUL, in JSON trees, maps and lists. */
    public static Optional<String> firstWithNul(Object value) {
        return find(value, "");
    }

    private static Optional<String> find(Object value, String path) {
        if (value instanceof JsonNode node) {
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    Optional<String> found = check(field.getKey(), field.getValue(), path);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    Optional<String> found = find(node.get(i), path + "[" + i + "]");
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Optional<String> found = check(String.valueOf(entry.getKey()), entry.getValue(), path);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> found = find(list.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(String name, Object value, String path) {
        String here = path.isEmpty() ? name : path + "." + name;
        if (name.indexOf('\0') >= 0) {
            return Optional.of(here.replace("\0", "\\u0000"));
        }
        return find(value, here);
    }
}
