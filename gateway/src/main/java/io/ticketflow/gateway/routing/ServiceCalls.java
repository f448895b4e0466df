package io.ticketflow.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.web.ApiException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's own calls to the services (as opposed to relaying a caller's request): reads it needs to decide
 * something, and the upload of a new ticket's files. Same client, circuit breakers and 503s as {@link ServiceProxy}.
 */
@Component
public class ServiceCalls {

    /** What a service answered: the status and the body, JSON in every case the services produce. */
    public record Answer(int status, byte[] body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        /** The service's problem+json as an exception carrying its code (unknown codes map to 500). */
        public ApiException problem() {
            String code = null;
            String detail = null;
            try {
                JsonNode problem = json();
                code = problem.path("code").isString() ? problem.get("code").stringValue() : null;
                detail = problem.path("detail").isString() ? problem.get("detail").stringValue() : null;
            } catch (RuntimeException unreadable) {
                // keep the fallbacks below
            }
            ErrorCode errorCode = code != null ? ErrorCode.parse(code) : switch (status) {
                case 400 -> ErrorCode.MALFORMED_REQUEST;
                case 403 -> ErrorCode.FORBIDDEN;
                case 404 -> ErrorCode.NOT_FOUND;
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                default -> ErrorCode.INTERNAL_ERROR;
            };
            return new ApiException(errorCode, detail != null ? detail
                    : "The service answered " + status + " " + new String(body, StandardCharsets.UTF_8));
        }
    }

    private final WebClient client;
    private final CircuitBreakerRegistry breakers;
    private final RoutingProperties properties;

    public ServiceCalls(WebClient serviceClient, CircuitBreakerRegistry serviceCircuitBreakers,
                        RoutingProperties properties) {
        this.client = serviceClient;
        this.breakers = serviceCircuitBreakers;
        this.properties = properties;
    }

    /**
     * GETs {@code path} (a URI template, variables encoded) from the service as {@code caller}. Any status comes
     * back as an {@link Answer}, except 5xx and no answer at all, which are a 503 {@link UnavailableException}.
     */
    public Mono<Answer> get(OwningService service, Caller caller, String path, Object... variables) {
        WebClient.RequestHeadersSpec<?> call = client.get()
                .uri(base(service) + path, variables)
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> identify(headers, caller))
                .httpRequest(http -> http.<reactor.netty.http.client.HttpClientRequest>getNativeRequest()
                        .responseTimeout(properties.responseTimeout()));
        return exchange(service, call, true);
    }

    /**
     * Streams a ticket's files to ticket-service ({@code POST /api/v1/tickets/{ticketId}/attachments}, parts
     * {@code files}) before the create that names them; answers their ids in order. The service's refusals (413
     * PAYLOAD_TOO_LARGE above all) are relayed with their code.
     */
    public Mono<List<String>> uploadAttachments(String ticketId, Caller caller, List<FilePart> files) {
        if (files.isEmpty()) {
            return Mono.just(List.of());
        }
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        for (FilePart file : files) {
            MediaType type = file.headers().getContentType();
            parts.asyncPart("files", file.content(), DataBuffer.class)
                    .filename(file.filename())
                    .contentType(type == null ? MediaType.APPLICATION_OCTET_STREAM : type);
        }
        WebClient.RequestHeadersSpec<?> call = client.post()
                .uri(base(OwningService.TICKETS) + "/api/v1/tickets/{ticketId}/attachments", ticketId)
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> identify(headers, caller))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                // between two reads of the answer; the upload itself may take as long as the files need
                .httpRequest(http -> http.<reactor.netty.http.client.HttpClientRequest>getNativeRequest()
                        .responseTimeout(properties.responseTimeout()));
        return exchange(OwningService.TICKETS, call, false).map(answer -> {
            if (!answer.ok()) {
                throw answer.problem();
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode stored : answer.json()) {
                ids.add(stored.get("id").asString());
            }
            if (ids.size() != files.size()) {
                throw new UnavailableException("ticket-service stored " + ids.size() + " of " + files.size()
                        + " files", properties.retryAfter());
            }
            return ids;
        });
    }

    private Mono<Answer> exchange(OwningService service, WebClient.RequestHeadersSpec<?> call, boolean bounded) {
        Mono<ResponseEntity<byte[]>> entity = call.retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntity(byte[].class);
        if (bounded) {
            entity = entity.timeout(properties.responseTimeout());
        }
        return entity
                .transformDeferred(CircuitBreakerOperator.of(breakers.circuitBreaker(service.key())))
                .onErrorMap(error -> ServiceProxy.unavailable(properties, service, error))
                .map(response -> {
                    int status = response.getStatusCode().value();
                    if (status >= 500) {
                        throw new UnavailableException(service.key() + " service answered " + status,
                                properties.retryAfter());
                    }
                    return new Answer(status, response.getBody() == null ? new byte[0] : response.getBody());
                });
    }

    private String base(OwningService service) {
        String base = properties.services().of(service).toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static void identify(HttpHeaders headers, Caller caller) {
        headers.set(ServiceProxy.ACTOR_HEADER, caller.actor());
        headers.set(ServiceProxy.ROLE_HEADER, caller.role().name());
    }
}
