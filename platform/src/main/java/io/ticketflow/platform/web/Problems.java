package io.ticketflow.platform.web;

import io.ticketflow.contracts.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.List;

/** Builds RFC 9457 answers with the machine-readable {@code code} every client relies on. */
public final class Problems {

    public static final String TYPE_BASE = "https://ticketflow.io/problems/";

    private Problems() {
    }

    public static ProblemDetail problem(ErrorCode code, String detail) {
        return problem(code, detail, List.of());
    }

    public static ProblemDetail problem(ErrorCode code, String detail, List<?> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.status()), detail);
        problem.setType(URI.create(TYPE_BASE + code.name().toLowerCase().replace('_', '-')));
        problem.setTitle(HttpStatus.valueOf(code.status()).getReasonPhrase());
        problem.setProperty("code", code.name());
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail) {
        return response(problem(code, detail));
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
