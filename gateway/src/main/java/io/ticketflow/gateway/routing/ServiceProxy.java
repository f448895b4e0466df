package io.ticketflow.gateway.routing;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.auth.Caller;
import io.ticketflow.gateway.web.UnavailableException;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Forwards a read (or a flow write) to the owning service: same path and query, the caller as
 * {@code X-Ticketflow-Actor}/{@code X-Ticketflow-Role}, and the service's status, body and content type relayed
 * as they are, streamed. A service that cannot answer becomes a fast 503 with {@code Retry-After}. Server-sent
 * events ({@code GET /api/v1/inbox/stream}, or any call accepting {@code text/event-stream}) have no response
 * timeout, are flushed event by event, and carry {@code Last-Event-ID} to the service.
 */
@Component
public class ServiceProxy {

    public static final String ACTOR_HEADER = "X-Ticketflow-Actor";
    public static final String ROLE_HEADER = "X-Ticketflow-Role";
    /** Understood by nginx and similar proxies: do not hold back a streamed answer. */
    static final String NO_PROXY_BUFFERING = "X-Accel-Buffering";

    private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
    // Allow-lists, so credentials (Authorization) and hop-by-hop headers never cross the gateway.
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE,
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH,
            HttpHeaders.IF_MODIFIED_SINCE, "Idempotency-Key", "Last-Event-ID");
    private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH,
            HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.LOCATION, HttpHeaders.ETAG,
            HttpHeaders.LAST_MODIFIED, HttpHeaders.CACHE_CONTROL, HttpHeaders.RETRY_AFTER, HttpHeaders.LINK);

    private final WebClient client;
    private final CircuitBreakerRegistry breakers;
    private final RoutingProperties properties;

    public ServiceProxy(WebClient serviceClient, CircuitBreakerRegistry serviceCircuitBreakers,
                        RoutingProperties properties) {
        this.client = serviceClient;
        this.breakers = serviceCircuitBreakers;
        this.properties = properties;
    }

    public Mono<ServerResponse> forward(ServerRequest request, RouteTable.Match match) {
        String ticketId = match.variables().get("ticketId");
        if (ticketId != null && !TicketIds.isValid(ticketId)) {
            return Mono.error(new ApiException(ErrorCode.TICKET_NOT_FOUND, "No ticket '" + ticketId + "'"));
        }
        Caller caller = Caller.of(request);
        OwningService service = match.service();
        ServerHttpRequest incoming = request.exchange().getRequest();
        boolean streaming = match.streaming() || asksForEventStream(incoming.getHeaders());
        Duration responseTimeout = properties.responseTimeout();

        WebClient.RequestBodySpec call = client.method(request.method())
                .uri(target(properties.services().of(service), incoming.getURI()))
                .headers(headers -> {
                    REQUEST_HEADERS.forEach(name -> copy(incoming.getHeaders(), headers, name));
                    headers.set(ACTOR_HEADER, caller.actor());
                    headers.set(ROLE_HEADER, caller.role().name());
                    if (caller.jobTopics() != null) {
                        headers.set(ForwardedIdentity.JOB_TOPICS_HEADER, ForwardedIdentity.encodeTopics(caller.jobTopics()));
                    }
                })
                .httpRequest(http -> {
                    // An event stream may stay quiet for long: it has no response timeout at all.
                    if (!streaming) {
                        HttpClientRequest nativeRequest = http.getNativeRequest();
                        nativeRequest.responseTimeout(responseTimeout);
                    }
                });
        WebClient.RequestHeadersSpec<?> withBody = hasBody(incoming)
                ? call.body(BodyInserters.fromDataBuffers(incoming.getBody())) : call;
        CircuitBreaker breaker = breakers.circuitBreaker(service.key());

        Mono<ResponseEntity<Flux<DataBuffer>>> answer = withBody.retrieve()
                .onStatus(status -> true, response -> Mono.empty()) // relay every status, do not raise
                .toEntityFlux(DataBuffer.class);
        if (!streaming) {
            // A stream's service may send its headers only with its first event; the connect timeout still applies.
            answer = answer.timeout(responseTimeout);
        }
        // The body is relayed as it arrives, never buffered; when the caller goes away the relay is cancelled,
        // which closes the connection to the service too.
        return answer
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(error -> unavailable(properties, service, error))
                .flatMap(entity -> {
                    ServerResponse.BodyBuilder response = ServerResponse.status(entity.getStatusCode())
                            .headers(headers -> RESPONSE_HEADERS.forEach(name -> copy(entity.getHeaders(), headers, name)));
                    Flux<DataBuffer> body = entity.getBody() == null ? Flux.empty() : entity.getBody();
                    if (streaming || isEventStream(entity.getHeaders().getContentType())) {
                        // Flushed event by event; and proxies in front of the gateway are asked not to buffer.
                        BodyInserter<Flux<DataBuffer>, ReactiveHttpOutputMessage> flushing =
                                (message, context) -> message.writeAndFlushWith(body.map(Flux::just));
                        return response.header(NO_PROXY_BUFFERING, "no").body(flushing);
                    }
                    return response.body(BodyInserters.fromDataBuffers(body));
                });
    }

    private static boolean asksForEventStream(HttpHeaders headers) {
        return headers.getAccept().stream().anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
    }

    private static boolean isEventStream(MediaType type) {
        return type != null && MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type);
    }

    static URI target(URI base, URI incoming) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        String query = incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery();
        return URI.create(root + incoming.getRawPath() + query);
    }

    private static boolean hasBody(ServerHttpRequest request) {
        return request.getHeaders().getContentLength() > 0
                || request.getHeaders().getFirst(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        List<String> values = from.get(name);
        if (values != null && !values.isEmpty()) {
            to.put(name, values);
        }
    }

    static Throwable unavailable(RoutingProperties properties, OwningService service, Throwable error) {
        ApiException callerError = callerError(error);
        if (callerError != null) {
            return callerError;
        }
        if (error instanceof CallNotPermittedException) {
            return new UnavailableException(service.key() + " service is unavailable", properties.circuitBreaker().openFor());
        }
        log.warn("{} service did not answer: {}", service.key(), error.toString());
        return new UnavailableException(service.key() + " service is unavailable", properties.retryAfter());
    }

    static boolean isCallerError(Throwable error) {
        return callerError(error) != null;
    }

    /** The caller's own mistake (an {@link ApiException}) somewhere in the causes, or null. */
    public static ApiException callerError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }
}
