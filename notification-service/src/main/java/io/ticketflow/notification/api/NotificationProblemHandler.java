package io.ticketflow.notification.api;

import io.ticketflow.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/** Renders {@link NotificationProblem}s; ordered before the platform's catch-all handler. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotificationProblemHandler {

    @ExceptionHandler(NotificationProblem.class)
    ResponseEntity<ProblemDetail> problem(NotificationProblem e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(URI.create(Problems.TYPE_BASE + e.code().toLowerCase().replace('_', '-')));
        problem.setTitle(e.status().getReasonPhrase());
        problem.setProperty("code", e.code());
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
