package io.ticketflow.variable.store;

import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON-shaped variable values to BSON and back.
 * <p>
 * Field names: ticket-service refuses variable names with '.' or a leading '$', but nested objects inside a value
 * and events from other producers are not checked, and MongoDB cannot store such names (the embedded server and
 * older MongoDB versions reject them outright). Skipping them would silently lose data, so every map key is
 * escaped reversibly instead: '%' becomes "%25", '.' "%2E", '$' "%24" and NUL "%00". Clients never see the escaped
 * form; it exists only inside this service's documents.
 * <p>
 * Numbers: Jackson yields Integer, Long, Double and, beyond long, BigInteger, which has no BSON type; it is stored
 * as Decimal128 and read back as BigInteger so that an unchanged value compares equal on the next event.
 */
final class BsonValues {

    private BsonValues() {
    }

    static Document toBson(Map<String, ?> map) {
        Document document = new Document();
        map.forEach((key, value) -> document.put(escape(key), toBsonValue(value)));
        return document;
    }

    static Map<String, Object> fromBson(Map<String, ?> document) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (document != null) {
            document.forEach((key, value) -> map.put(unescape(key), fromBsonValue(value)));
        }
        return map;
    }

    static Object toBsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((key, nested) -> document.put(escape(String.valueOf(key)), toBsonValue(nested)));
            return document;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach(element -> list.add(toBsonValue(element)));
            return list;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            return decimal(new BigDecimal(big), value);
        }
        if (value instanceof BigDecimal big) {
            return decimal(big, value);
        }
        return value.toString();
    }

    static Object fromBsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, nested) -> result.put(unescape(String.valueOf(key)), fromBsonValue(nested)));
            return result;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach(element -> list.add(fromBsonValue(element)));
            return list;
        }
        if (value instanceof Decimal128 decimal) {
            BigDecimal big = decimal.bigDecimalValue();
            return big.scale() <= 0 ? big.toBigInteger() : big;
        }
        return value;
    }

    static String escape(String key) {
        if (key.indexOf('%') < 0 && key.indexOf('.') < 0 && key.indexOf('$') < 0 && key.indexOf('\0') < 0) {
            return key;
        }
        StringBuilder escaped = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '%' -> escaped.append("%25");
                case '.' -> escaped.append("%2E");
                case '$' -> escaped.append("%24");
                case '\0' -> escaped.append("%00");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String unescape(String key) {
        if (key.indexOf('%') < 0) {
            return key;
        }
        StringBuilder plain = new StringBuilder(key.length());
        int i = 0;
        while (i < key.length()) {
            char c = key.charAt(i);
            int decoded = c == '%' && i + 3 <= key.length() ? decode(key.substring(i + 1, i + 3)) : -1;
            if (decoded < 0) {
                // Not written by escape(): keep it as it is rather than fail on someone else's data.
                plain.append(c);
                i++;
            } else {
                plain.append((char) decoded);
                i += 3;
            }
        }
        return plain.toString();
    }

    private static int decode(String code) {
        return switch (code) {
            case "25" -> '%';
            case "2E" -> '.';
            case "24" -> '$';
            case "00" -> '\0';
            default -> -1;
        };
    }

    private static Object decimal(BigDecimal value, Object original) {
        try {
            return new Decimal128(value);
        } catch (NumberFormatException tooPrecise) {
            return original.toString();
        }
    }
}
