package io.ticketflow.gateway.reliability;

import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.web.GatewayProblem;
import io.ticketflow.gateway.web.PayloadProperties;
import io.ticketflow.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteGuardsTest {

    private final WriteGuards guards = new WriteGuards(new PayloadProperties(DataSize.ofBytes(100), 3));

    @Test
    void expectedVersionComesFromTheBodyOrIfMatch() {
        assertThat(WriteGuards.expectedVersion(Json.MAPPER.readTree("{}"), null)).isNull();
        assertThat(WriteGuards.expectedVersion(Json.MAPPER.readTree("{\"expectedVersion\":5}"), null)).isEqualTo(5L);
        assertThat(WriteGuards.expectedVersion(Json.MAPPER.readTree("{}"), "\"6\"")).isEqualTo(6L);
        assertThat(WriteGuards.expectedVersion(Json.MAPPER.readTree("{}"), "W/\"6\"")).isEqualTo(6L);
        assertThat(WriteGuards.expectedVersion(Json.MAPPER.readTree("{\"expectedVersion\":6}"), "6")).isEqualTo(6L);
        for (String body : new String[]{"{\"expectedVersion\":\"6\"}", "{\"expectedVersion\":1.5}",
                "{\"expectedVersion\":-1}", "{\"expectedVersion\":{}}"}) {
            assertThatThrownBy(() -> WriteGuards.expectedVersion(Json.MAPPER.readTree(body), null))
                    .isInstanceOf(ApiException.class).hasMessageContaining("expectedVersion");
        }
        for (String header : new String[]{"abc", "\"\"", "*", "1 2"}) {
            assertThatThrownBy(() -> WriteGuards.expectedVersion(Json.MAPPER.readTree("{}"), header))
                    .isInstanceOf(ApiException.class).hasMessageContaining("If-Match");
        }
        assertThatThrownBy(() -> WriteGuards.expectedVersion(Json.MAPPER.readTree("{\"expectedVersion\":1}"), "2"))
                .hasMessageContaining("disagree");
    }

    @Test
    void dataIsLimitedInSizeAndDepth() {
        guards.checkData(Json.MAPPER.readTree("{\"data\":{\"a\":{\"b\":{\"c\":1}}}}"));
        guards.checkData(Json.MAPPER.readTree("{\"data\":null}"));
        assertThatThrownBy(() -> guards.checkData(Json.MAPPER.readTree("{\"data\":{\"a\":{\"b\":{\"c\":[1]}}}}")))
                .isInstanceOf(GatewayProblem.class)
                .satisfies(e -> assertThat(((GatewayProblem) e).codeName()).isEqualTo("DATA_TOO_DEEP"));
        assertThatThrownBy(() -> guards.checkData(Json.MAPPER.readTree("{\"data\":{\"a\":\"" + "x".repeat(100) + "\"}}")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code().name()).isEqualTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void idsDerivedFromTheKeyAreStableAndPerPrincipal() {
        assertThat(Idempotency.commandId("alice", "k")).isEqualTo(Idempotency.commandId("alice", "k"))
                .isNotEqualTo(Idempotency.commandId("bob", "k"));
        for (int i = 0; i < 500; i++) {
            String id = Idempotency.ticketId("p" + i, "key" + i);
            assertThat(id).hasSize(16).matches("[1-9][0-9]{15}");
        }
        assertThat(Idempotency.documentId("a", "b")).hasSize(64).isNotEqualTo(Idempotency.documentId("b", "a"));
        assertThat(Idempotency.fingerprint("POST", "/x", new byte[]{1}))
                .isNotEqualTo(Idempotency.fingerprint("POST", "/x", new byte[]{2}));
    }
}
