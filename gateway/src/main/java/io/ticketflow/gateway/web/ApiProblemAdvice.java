package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ApiExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Platform's rendering of {@link ApiException}s plus the headers a gateway owes its callers: {@code Retry-After} on
 * 503 and {@code WWW-Authenticate} on 401. Ahead of platform's handler, and used by {@link ProblemExceptionHandler}
 * too, so a problem looks the same whether a filter, a route or the dispatcher raised it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblemAdvice {

    private final ApiExceptionHandler problems;

    public ApiProblemAdvice(ApiExceptionHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> api(ApiException e) {
        ResponseEntity<ProblemDetail> rendered = problems.api(e);
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(rendered.getHeaders());
        if (e instanceof UnavailableException unavailable) {
            headers.set(HttpHeaders.RETRY_AFTER, unavailable.retryAfterSeconds());
        }
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(rendered.getStatusCode()).headers(headers).body(rendered.getBody());
    }
}
