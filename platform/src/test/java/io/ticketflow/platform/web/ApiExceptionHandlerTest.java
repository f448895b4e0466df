package io.ticketflow.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.resource.NoResourceFoundException;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTest {

    /** Issue 9 item 8: an unknown route's 404, relayed by the gateway, showed the service's internal URL. */
    @Test
    void anUnknownRouteIsNotFoundWithoutTheUrlTheServiceSaw() {
        var unknown = new NoResourceFoundException(URI.create("http://127.0.0.1:38211/api/v1/inbox/nope"),
                "api/v1/inbox/nope");

        ResponseEntity<ProblemDetail> answer = new ApiExceptionHandler().status(unknown);

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "NOT_FOUND");
        assertThat(answer.getBody().getDetail()).doesNotContain("127.0.0.1", "38211", "http");
    }
}
