package io.ticketflow.gateway.apidocs;

import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document is read as client tools read it: swagger-parser (what openapi-generator and
 * swagger-ui build on) must have nothing to say about it, and every example in it must satisfy its schema.
 */
class OpenApiDocumentTest {

    private static final String IRI = "https://ticketflow.invalid/openapi.yaml";

    @Test
    void swaggerParserReadsTheServedDocumentWithoutAnyMessage() {
        SwaggerParseResult result = parse(ApiDocuments.openApiText());

        assertThat(result.getMessages())
                .as("swagger-parser's messages on %s (each one breaks some client tool)", ApiDocuments.OPENAPI_FILE)
                .isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyExampleSatisfiesItsSchema() {
        JsonNode document = ApiDocuments.openApi();
        List<DocumentSchemas.Example> examples = DocumentSchemas.ofOpenApi(document).examples();
        ApiDocuments.Schemas schemas = new ApiDocuments.Schemas(IRI, ApiDocuments.openApiText(),
                Dialects.getOpenApi31());

        assertThat(schemas.refused(examples))
                .as("examples in %s that their schema refuses", ApiDocuments.OPENAPI_FILE)
                .isEmpty();
        // request and response examples, not only the schemas' own
        assertThat(examples).filteredOn(e -> e.where().startsWith("#/paths/")).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void everySchemaKeywordIsOneOpenApiKnows() {
        assertThat(DocumentSchemas.ofOpenApi(ApiDocuments.openApi()).unknownKeywords())
                .as("schemas in %s", ApiDocuments.OPENAPI_FILE)
                .isEmpty();
    }

    // ------------------------------------------------------------- the checks themselves can fail

    /** The two faults issue 15 found in the served document: swagger-parser reports each. */
    @ParameterizedTest
    @ValueSource(strings = {
            """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /x:
                get:
                  parameters:
                    - {name: q, in: query, description: the same, for clients that cannot, schema: {type: string}}
                  responses:
                    "200": {description: ok}
            """,
            """
            openapi: 3.1.0
            info: {title: t, version: "1", license: {name: Proprietary}}
            paths: {}
            """})
    void swaggerParserReportsAStrayKeyFromACommaAndALicenseWithNeitherUrlNorIdentifier(String document) {
        assertThat(parse(document).getMessages()).isNotEmpty();
    }

    @Test
    void anExampleItsSchemaRefusesIsFound() {
        String text = """
                openapi: 3.1.0
                info: {title: t, version: "1"}
                paths:
                  /x:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: {$ref: "#/components/schemas/Thing"}
                              examples:
                                good: {value: {id: a, at: "2025-01-01T00:00:00Z"}}
                                bad: {value: {at: yesterday}}
                components:
                  schemas:
                    Thing:
                      type: object
                      required: [id]
                      properties:
                        id: {type: string, examples: [7]}
                        at: {type: string, format: date-time}
                """;
        ApiDocuments.Schemas schemas = new ApiDocuments.Schemas(IRI, text, Dialects.getOpenApi31());

        List<String> refused = schemas.refused(DocumentSchemas.ofOpenApi(ApiDocuments.yaml(text)).examples());

        assertThat(refused).hasSize(2)
                .anyMatch(why -> why.startsWith(
                        "#/paths/~1x/get/responses/200/content/application~1json example 'bad'"))
                .anyMatch(why -> why.startsWith("#/components/schemas/Thing/properties/id examples[0] = 7"));
    }

    @Test
    void aCommaInsideAnUnquotedSchemaDescriptionIsAStrayKeyword() {
        JsonNode document = ApiDocuments.yaml("""
                components:
                  schemas:
                    Created:
                      properties:
                        result: {type: string, description: the data_no, or "" when verification is asked}
                """);

        assertThat(DocumentSchemas.ofOpenApi(document).unknownKeywords()).singleElement().asString()
                .contains("#/components/schemas/Created/properties/result", "or \"\" when verification is asked");
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }
}
