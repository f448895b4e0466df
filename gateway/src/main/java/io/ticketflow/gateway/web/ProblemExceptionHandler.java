package io.ticketflow.gateway.web;

import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ApiExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Renders errors raised in the auth and size filters (which no controller advice sees) exactly as the advices render
 * errors from routes, by delegating to them. Ordered before Boot's error handler, which has its own JSON shape.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

    private final ApiExceptionHandler problems;
    private final ApiProblemAdvice apiProblems;
    private final ServerResponse.Context context;

    public ProblemExceptionHandler(ApiExceptionHandler problems, ApiProblemAdvice apiProblems,
                                   ServerCodecConfigurer codecs) {
        this.problems = problems;
        this.apiProblems = apiProblems;
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return codecs.getWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ResponseEntity<ProblemDetail> entity = translate(error);
        return ServerResponse.status(entity.getStatusCode())
                .headers(headers -> headers.addAll(entity.getHeaders()))
                .bodyValue(entity.getBody())
                .flatMap(response -> response.writeTo(exchange, context));
    }

    private ResponseEntity<ProblemDetail> translate(Throwable error) {
        if (error instanceof ApiException api) {
            return apiProblems.api(api);
        }
        if (error instanceof ServerWebInputException || error instanceof DecodingException) {
            return problems.malformed((Exception) error);
        }
        if (error instanceof UnsupportedMediaTypeStatusException mediaType) {
            return problems.mediaType(mediaType);
        }
        if (error instanceof ResponseStatusException status) {
            return problems.status(status);
        }
        return problems.unexpected(error instanceof Exception e ? e : new IllegalStateException(error));
    }
}
