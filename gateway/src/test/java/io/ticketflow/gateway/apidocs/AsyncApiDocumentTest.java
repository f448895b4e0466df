package io.ticketflow.gateway.apidocs;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code docs/asyncapi.yaml} is read as client tools read it: valid YAML, valid against the official AsyncAPI JSON
 * schema of its version, every reference resolving, operations naming messages of their channels, and every
 * message example satisfying its payload and headers schemas.
 */
class AsyncApiDocumentTest {

    private static final String IRI = "https://ticketflow.invalid/asyncapi.yaml";

    @Test
    void theDocumentIsValidAgainstTheOfficialAsyncApiSchemaOfItsVersion() {
        JsonNode document = ApiDocuments.asyncApi();

        assertThat(officialSchemaProblems(document))
                .as("%s against the official AsyncAPI %s schema", ApiDocuments.ASYNCAPI_FILE,
                        document.path("asyncapi").asString())
                .isEmpty();
    }

    @Test
    void everyReferenceResolvesAndOperationsNameMessagesOfTheirChannels() {
        JsonNode document = ApiDocuments.asyncApi();

        assertThat(referenceProblems(document)).as("references in %s", ApiDocuments.ASYNCAPI_FILE).isEmpty();
    }

    @Test
    void everyMessageExampleSatisfiesItsSchema() {
        String text = ApiDocuments.asyncApiText();
        List<DocumentSchemas.Example> examples = DocumentSchemas.ofAsyncApi(ApiDocuments.yaml(text)).examples();
        // The AsyncAPI Schema object is a superset of JSON Schema draft-07.
        ApiDocuments.Schemas schemas = new ApiDocuments.Schemas(IRI, text, Dialects.getDraft7());

        assertThat(schemas.refused(examples))
                .as("examples in %s that their schema refuses", ApiDocuments.ASYNCAPI_FILE)
                .isEmpty();
        assertThat(examples).filteredOn(e -> e.where().contains(" example '")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void everySchemaKeywordIsOneAsyncApiKnows() {
        assertThat(DocumentSchemas.ofAsyncApi(ApiDocuments.asyncApi()).unknownKeywords())
                .as("schemas in %s", ApiDocuments.ASYNCAPI_FILE)
                .isEmpty();
    }

    // ------------------------------------------------------------- the checks themselves can fail

    @Test
    void aColonInsideAPlainScalarIsNotYaml() {
        String document = """
                components:
                  messages:
                    DeadLetter:
                      description: headers `reason` (CODE: why) and `origin`
                """;

        assertThatThrownBy(() -> ApiDocuments.yaml(document)).isInstanceOf(JacksonException.class);
    }

    @Test
    void theOfficialSchemaRefusesWhatAsyncApiForbids() {
        JsonNode document = ApiDocuments.yaml("""
                asyncapi: 3.0.0
                info: {title: t}
                channels:
                  c: {address: a, messages: {m: {payload: {type: string}, examples: [{payload: 1}]}}}
                operations:
                  o: {action: publish, channel: {$ref: "#/channels/c"}}
                """);

        assertThat(officialSchemaProblems(document)).isNotEmpty();
    }

    @Test
    void aDanglingReferenceAndAnOperationMessageOfAnotherChannelAreFound() {
        JsonNode document = ApiDocuments.yaml("""
                asyncapi: 3.0.0
                info: {title: t, version: "1"}
                channels:
                  a: {address: a, messages: {m: {$ref: "#/components/messages/M"}}}
                  b: {address: b, messages: {n: {$ref: "#/components/messages/Missing"}}}
                operations:
                  o:
                    action: receive
                    channel: {$ref: "#/channels/a"}
                    messages: [{$ref: "#/channels/b/messages/n"}]
                components:
                  messages:
                    M: {payload: {type: string}}
                """);

        assertThat(referenceProblems(document)).hasSize(2)
                .anyMatch(problem -> problem.contains("#/components/messages/Missing"))
                .anyMatch(problem -> problem.contains("operations.o") && problem.contains("#/channels/b/messages/n"));
    }

    @Test
    void aMessageExampleItsPayloadRefusesIsFound() {
        String text = """
                asyncapi: 3.0.0
                info: {title: t, version: "1"}
                components:
                  messages:
                    Reply:
                      payload: {$ref: "#/components/schemas/Reply"}
                      examples:
                        - {name: good, payload: {ok: true, at: "2025-01-01T00:00:00Z"}}
                        - {name: bad, payload: {ok: "yes"}}
                  schemas:
                    Reply:
                      type: object
                      required: [ok]
                      properties:
                        ok: {type: boolean}
                        at: {type: string, format: date-time}
                """;
        ApiDocuments.Schemas schemas = new ApiDocuments.Schemas(IRI, text, Dialects.getDraft7());

        List<String> refused = schemas.refused(DocumentSchemas.ofAsyncApi(ApiDocuments.yaml(text)).examples());

        assertThat(refused).singleElement().asString()
                .startsWith("#/components/messages/Reply example 'bad' payload = {\"ok\":\"yes\"}");
    }

    // -------------------------------------------------------------

    private static List<String> officialSchemaProblems(JsonNode document) {
        String version = document.path("asyncapi").asString();
        String resource = "/asyncapi-schemas/" + version + ".json";
        try (InputStream official = AsyncApiDocumentTest.class.getResourceAsStream(resource)) {
            assertThat(official)
                    .as("the official AsyncAPI %s JSON schema as test resource %s (see the README there)",
                            version, resource)
                    .isNotNull();
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft7(), builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
            Schema schema = registry.getSchema(official);
            return schema.validate(document).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the JSON schema cannot check: local references resolve, and an operation's messages are its channel's. */
    private static List<String> referenceProblems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        collectDanglingReferences(document, document, "", problems);
        for (Map.Entry<String, JsonNode> operation : document.path("operations").properties()) {
            checkMessagesBelongToChannel("operations." + operation.getKey(), operation.getValue(), problems);
            JsonNode reply = operation.getValue().path("reply");
            if (reply.isObject()) {
                checkMessagesBelongToChannel("operations." + operation.getKey() + ".reply", reply, problems);
            }
        }
        return problems;
    }

    private static void checkMessagesBelongToChannel(String where, JsonNode operation, List<String> problems) {
        String channel = operation.path("channel").path("$ref").asString("");
        for (JsonNode message : operation.path("messages")) {
            String ref = message.path("$ref").asString("");
            if (!ref.startsWith(channel + "/messages/")) {
                problems.add(where + " names message " + ref + ", which is not a message of its channel " + channel);
            }
        }
    }

    private static void collectDanglingReferences(JsonNode document, JsonNode node, String where,
                                                  List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                String target = ref.asString();
                if (!target.startsWith("#") || document.at(target.substring(1)).isMissingNode()) {
                    problems.add(where + ": $ref " + target + " does not resolve inside the document");
                }
            }
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                collectDanglingReferences(document, child.getValue(), where + "/" + child.getKey(), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDanglingReferences(document, node.get(i), where + "/" + i, problems);
            }
        }
    }
}
