package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodiesTest {

    @Test
    void aNulInAFieldNameAtAnyDepthIsRefusedBeforeAnythingIsQueued() {
        String body = "{\"flowId\":\"f\",\"data\":{\"nest\":{\"k\\u0000\":1}}}";

        assertThatThrownBy(() -> JsonBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("data.nest.k\\u0000");
                });
    }

    @Test
    void aNulInsideAnArrayOfObjectsIsFoundToo() {
        String body = "{\"data\":{\"rows\":[{\"ok\":1},{\"bad\\u0000\":2}]}}";

        assertThatThrownBy(() -> JsonBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.class).hasMessageContaining("data.rows[1].bad");
    }

    @Test
    void aNulInAValueIsStorableAndAccepted() {
        String body = "{\"data\":{\"text\":\"a\\u0000b\"}}";

        assertThat(JsonBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)).get("data").get("text").stringValue())
                .isEqualTo("a\u0000b");
    }
}
