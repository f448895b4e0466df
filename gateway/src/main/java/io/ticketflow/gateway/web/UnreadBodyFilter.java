package io.ticketflow.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request answered before its body was read (refused by the auth or size filters, a bad path, a body too large)
 * is answered with {@code Connection: close}. Otherwise the client reuses the connection while the rest of the
 * refused body may still be arriving, and Reactor Netty (1.3.6) can leave the next request on that connection
 * unread: the request got no answer at all (seen as rare 20–30 s timeouts in GatewayApiTest,
 * OmflowAndUploadsApiTest and AuthorizationE2ETest, each after a refused request with a body on the same client).
 * A fresh connection for the next request costs little next to a hang.
 */
@Component
public class UnreadBodyFilter implements WebFilter, Ordered {

    /** First of all filters, so every refusal after it is seen. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!hasBody(request)) {
            return chain.filter(exchange);
        }
        AtomicBoolean read = new AtomicBoolean();
        ServerHttpRequest tracked = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnComplete(() -> read.set(true));
            }
        };
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            if (!read.get()) {
                response.getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(tracked).build());
    }

    private static boolean hasBody(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
