package io.ticketflow.gateway.reliability;

import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.web.ApiProblemAdvice;
import io.ticketflow.gateway.web.GatewayProblem;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.Problems;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A write's answer as bytes, so it can be stored under an Idempotency-Key and replayed exactly.
 *
 * @param keep whether it is final (stored): 2xx but 202, and 4xx; a 202 or 5xx answer invites a retry
 */
public record Answer(int status, Map<String, String> headers, String contentType, byte[] body, boolean keep) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public static Answer of(int status, Map<String, String> headers, MediaType contentType, Object body) {
        return new Answer(status, headers, contentType.toString(), Json.write(body), isFinal(status));
    }

    /** An answer never stored, whatever its status (e.g. OMFLOW's 200 that reports a timeout). */
    public Answer transientAnswer() {
        return new Answer(status, headers, contentType, body, false);
    }

    public static boolean isFinal(int status) {
        return (status >= 200 && status < 300 && status != 202) || (status >= 400 && status < 500);
    }

    /** A refusal as problem+json, the same shape {@code ApiProblemAdvice} renders. */
    public static Answer problem(ApiException e) {
        ProblemDetail problem = e instanceof GatewayProblem own ? ApiProblemAdvice.problem(own)
                : Problems.problem(e.code(), e.getMessage(), e.errors());
        return problem(problem, Map.of());
    }

    public static Answer problem(ProblemDetail problem, Map<String, String> headers) {
        return of(problem.getStatus(), headers, MediaType.APPLICATION_PROBLEM_JSON, problemBody(problem));
    }

    public static Map<String, Object> problemBody(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    public Mono<ServerResponse> render(boolean replayed) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(status);
        headers.forEach(builder::header);
        if (replayed) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.contentType(MediaType.parseMediaType(contentType)).bodyValue(body);
    }
}
