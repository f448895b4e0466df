package io.ticketflow.gateway.apidocs;

import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks every schema of an API document: finds each example together with the schema it illustrates, so each can
 * be validated (media types, parameters and headers in OpenAPI and messages in AsyncAPI name theirs; a schema's
 * own {@code examples} illustrate that schema), and every keyword no schema dialect knows. The specifications
 * allow unknown keywords in schemas, so validators stay silent about them; here they are almost always a YAML
 * slip, such as a comma inside an unquoted flow-mapping value that splits it into a stray key.
 */
final class DocumentSchemas {

    /** One example and the schema it must satisfy, both as JSON pointers into the document. */
    record Example(String where, String schemaPointer, JsonNode value) {
    }

    /** What the walk found. */
    record Found(List<Example> examples, List<String> unknownKeywords) {
    }

    private static final Set<String> OPENAPI_KEYWORDS = Dialects.getOpenApi31().getKeywords().keySet();
    /** The AsyncAPI Schema object: JSON Schema draft-07 and three keywords of its own. */
    private static final Set<String> ASYNCAPI_KEYWORDS = union(Dialects.getDraft7().getKeywords().keySet(),
            Set.of("discriminator", "externalDocs", "deprecated"));

    /** Keywords whose value is a schema, an array of schemas, or a map of schemas. */
    private static final Set<String> SUBSCHEMA = Set.of("items", "additionalProperties", "not", "contains", "if",
            "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
            "additionalItems");
    private static final Set<String> SUBSCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SUBSCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs",
            "definitions", "dependentSchemas");

    private final Set<String> keywords;
    private final List<Example> examples = new ArrayList<>();
    private final List<String> unknownKeywords = new ArrayList<>();

    private DocumentSchemas(Set<String> keywords) {
        this.keywords = keywords;
    }

    /** OpenAPI: media types, parameters and headers with example(s), and every schema. */
    static Found ofOpenApi(JsonNode document) {
        DocumentSchemas walk = new DocumentSchemas(OPENAPI_KEYWORDS);
        walk.walkOpenApi(document, document, new ArrayList<>());
        return walk.found();
    }

    /** AsyncAPI: each message example's payload and headers, and every schema. */
    static Found ofAsyncApi(JsonNode document) {
        DocumentSchemas walk = new DocumentSchemas(ASYNCAPI_KEYWORDS);
        walk.walkAsyncApi(document);
        return walk.found();
    }

    private Found found() {
        return new Found(List.copyOf(examples), List.copyOf(unknownKeywords));
    }

    private void walkAsyncApi(JsonNode document) {
        for (Map.Entry<String, JsonNode> message : document.path("components").path("messages").properties()) {
            messageExamples(List.of("components", "messages", message.getKey()), message.getValue());
        }
        for (Map.Entry<String, JsonNode> channel : document.path("channels").properties()) {
            for (Map.Entry<String, JsonNode> message : channel.getValue().path("messages").properties()) {
                messageExamples(List.of("channels", channel.getKey(), "messages", message.getKey()),
                        message.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> schema : document.path("components").path("schemas").properties()) {
            walkSchema(schema.getValue(), List.of("components", "schemas", schema.getKey()));
        }
    }

    private void messageExamples(List<String> path, JsonNode message) {
        for (String part : List.of("payload", "headers")) {
            if (message.has(part)) {
                walkSchema(message.get(part), append(path, part));
            }
        }
        JsonNode messageExamples = message.path("examples");
        for (int i = 0; i < messageExamples.size(); i++) {
            JsonNode example = messageExamples.get(i);
            String name = example.path("name").asString("#" + i);
            for (String part : List.of("payload", "headers")) {
                if (example.has(part)) {
                    examples.add(new Example(ApiDocuments.pointer(path) + " example '" + name + "' " + part,
                            ApiDocuments.pointer(append(path, part)), example.get(part)));
                }
            }
        }
    }

    private void walkOpenApi(JsonNode document, JsonNode node, List<String> path) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walkOpenApi(document, node.get(i), append(path, String.valueOf(i)));
                }
            }
            return;
        }
        if (path.size() == 2 && path.get(0).equals("components") && path.get(1).equals("schemas")) {
            for (Map.Entry<String, JsonNode> schema : node.properties()) {
                walkSchema(schema.getValue(), append(path, schema.getKey()));
            }
            return;
        }
        if (node.has("schema")) {
            // a media type, a parameter or a header: its examples illustrate its schema
            List<String> schemaPath = append(path, "schema");
            String schema = ApiDocuments.pointer(schemaPath);
            if (node.has("example")) {
                examples.add(new Example(ApiDocuments.pointer(path) + " example", schema, node.get("example")));
            }
            for (Map.Entry<String, JsonNode> example : node.path("examples").properties()) {
                examples.add(new Example(ApiDocuments.pointer(path) + " example '" + example.getKey() + "'", schema,
                        exampleValue(document, example.getValue())));
            }
            walkSchema(node.get("schema"), schemaPath);
        }
        for (Map.Entry<String, JsonNode> child : node.properties()) {
            if (!Set.of("schema", "example", "examples").contains(child.getKey())) {
                walkOpenApi(document, child.getValue(), append(path, child.getKey()));
            }
        }
    }

    /** An Example Object's value, following a {@code $ref} to components/examples. */
    private static JsonNode exampleValue(JsonNode document, JsonNode example) {
        if (example.has("$ref")) {
            return exampleValue(document, document.at(example.get("$ref").asString().substring(1)));
        }
        if (example.has("externalValue")) {
            throw new AssertionError("externalValue examples cannot be checked; inline them: " + example);
        }
        return example.get("value");
    }

    private void walkSchema(JsonNode schema, List<String> path) {
        if (!schema.isObject()) {
            return;
        }
        String pointer = ApiDocuments.pointer(path);
        JsonNode own = schema.path("examples");
        for (int i = 0; i < own.size(); i++) {
            examples.add(new Example(pointer + " examples[" + i + "]", pointer, own.get(i)));
        }
        if (schema.has("example")) {
            examples.add(new Example(pointer + " example", pointer, schema.get("example")));
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            String key = keyword.getKey();
            JsonNode value = keyword.getValue();
            if (!keywords.contains(key) && !key.startsWith("x-")) {
                unknownKeywords.add(pointer + " has the keyword '" + key + "': no schema keyword (a comma inside "
                        + "an unquoted {…} value? quote the value)");
            }
            if (SUBSCHEMA.contains(key)) {
                walkSchema(value, append(path, key));
            } else if (SUBSCHEMA_ARRAYS.contains(key)) {
                for (int i = 0; i < value.size(); i++) {
                    walkSchema(value.get(i), append(append(path, key), String.valueOf(i)));
                }
            } else if (SUBSCHEMA_MAPS.contains(key)) {
                for (Map.Entry<String, JsonNode> sub : value.properties()) {
                    walkSchema(sub.getValue(), append(append(path, key), sub.getKey()));
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }
}
