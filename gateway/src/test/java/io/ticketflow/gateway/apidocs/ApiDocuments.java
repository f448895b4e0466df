package io.ticketflow.gateway.apidocs;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.openapi.OpenApiRoutes;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The two API documents as the tests read them, and JSON Schema validation inside a document. */
final class ApiDocuments {

    /** Where a failure message tells the reader to edit. */
    static final String OPENAPI_FILE = "gateway/src/main/resources/" + OpenApiRoutes.RESOURCE;
    static final String ASYNCAPI_FILE = "docs/asyncapi.yaml";

    /** Duplicate keys are an error here: YAML parsers disagree on which one wins. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ApiDocuments() {
    }

    /** Exactly the bytes {@code GET /api/v1/openapi.yaml} serves. */
    static String openApiText() {
        return new String(OpenApiRoutes.load(), StandardCharsets.UTF_8);
    }

    static JsonNode openApi() {
        return yaml(openApiText());
    }

    static String asyncApiText() {
        // Surefire runs in the module's directory and says so in "basedir"; the document is the project's.
        Path file = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(ASYNCAPI_FILE).normalize();
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("The AsyncAPI document is missing at " + file, e);
        }
    }

    static JsonNode asyncApi() {
        return yaml(asyncApiText());
    }

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    /** The values of a schema's {@code enum}, null aside. */
    static Set<String> enumOf(JsonNode schema) {
        Set<String> values = new TreeSet<>();
        schema.path("enum").forEach(value -> {
            if (!value.isNull()) {
                values.add(value.asString());
            }
        });
        return values;
    }

    /** contracts' ErrorCode, as both documents must list it. */
    static Set<String> errorCodes() {
        return Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "#/a/b~1c" for the path a, b/c. */
    static String pointer(List<String> path) {
        StringBuilder pointer = new StringBuilder("#");
        for (String segment : path) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /**
     * Validates instances against schemas that live inside one API document, so their {@code $ref}s resolve
     * against that document as a client's tool resolves them.
     */
    static final class Schemas {

        private final String documentIri;
        private final SchemaRegistry registry;

        /**
         * @param dialect how a schema without {@code $schema} is read: OpenAPI 3.1's dialect for the OpenAPI
         *                document, draft-07 (which the AsyncAPI Schema object extends) for the AsyncAPI one
         */
        Schemas(String documentIri, String documentText, Dialect dialect) {
            this.documentIri = documentIri;
            // the document as JSON: the registry's own reader would guess the format from the IRI
            String json = documentText.isBlank() ? "{}" : yaml(documentText).toString();
            // Formats are checked too ("date-time", "uri"...): an example is meant to be a real value.
            SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
            this.registry = SchemaRegistry.withDefaultDialect(dialect, builder -> builder
                    .schemas(Map.of(documentIri, json))
                    .schemaRegistryConfig(config));
        }

        /** The problems of {@code instance} against the schema at {@code pointer} ("#/components/..."). */
        List<String> problems(String pointer, JsonNode instance) {
            Schema schema = registry.getSchema(SchemaLocation.of(documentIri + pointer));
            return schema.validate(instance).stream().map(Error::toString).toList();
        }

        /** Each example its schema refuses: where it is, what it is, and why it is refused. */
        List<String> refused(List<DocumentSchemas.Example> examples) {
            List<String> refused = new ArrayList<>();
            for (DocumentSchemas.Example example : examples) {
                List<String> problems = problems(example.schemaPointer(), example.value());
                if (!problems.isEmpty()) {
                    refused.add(example.where() + " = " + example.value() + "\n      "
                            + String.join("\n      ", problems));
                }
            }
            return refused;
        }
    }
}
