package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ApiExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import io.ticketflow.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.Locale;

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
        ResponseEntity<ProblemDetail> rendered = e instanceof GatewayProblem own ? Problems.response(problem(own))
                : problems.api(e);
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(rendered.getHeaders());
        if (e instanceof UnavailableException unavailable) {
            headers.set(HttpHeaders.RETRY_AFTER, unavailable.retryAfterSeconds());
        }
        if (e instanceof RateLimitedException limited) {
            headers.set(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds());
        }
        if (e.code() == ErrorCode.UNAUTHORIZED && !(e instanceof GatewayProblem)) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(rendered.getStatusCode()).headers(headers).body(rendered.getBody());
    }

    /** The problem for a gateway-own code: its status, its code, a type derived from the code like platform's. */
    public static ProblemDetail problem(GatewayProblem e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(Problems.TYPE_BASE + e.codeName().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", e.codeName());
        return problem;
    }
}
