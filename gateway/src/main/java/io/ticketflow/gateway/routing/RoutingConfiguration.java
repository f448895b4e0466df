package io.ticketflow.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.channel.ChannelOption;
import io.ticketflow.platform.internal.InternalRequests;
import io.ticketflow.platform.internal.InternalSecret;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    /**
     * Shared by the proxy, the gateway's own calls and the health probes; per-call timeouts are set where the call
     * is made. Every request is signed: the services accept no call the gateway did not sign.
     */
    @Bean
    WebClient serviceClient(RoutingProperties properties, InternalSecret internalSecret, Clock clock) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .filter(InternalRequests.signing(internalSecret, clock)).build();
    }

    @Bean
    CircuitBreakerRegistry serviceCircuitBreakers(RoutingProperties properties) {
        RoutingProperties.CircuitBreaker settings = properties.circuitBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // A service answering 5xx is as unhealthy as one not answering; the answer is still relayed.
                .recordResult(result -> result instanceof ResponseEntity<?> entity
                        && entity.getStatusCode().is5xxServerError())
                // The caller's own mistakes (e.g. an oversized body) say nothing about the service.
                .ignoreException(ServiceProxy::isCallerError)
                .build();
        return CircuitBreakerRegistry.of(config);
    }

    /** Last: the gateway's own routes (commands, security codes, OMFLOW...) come first. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RouterFunction<ServerResponse> proxyRouter(ServiceProxy proxy, TicketReadGuard guard) {
        return request -> Mono.justOrEmpty(RouteTable.resolve(request.method(), request.path()))
                .map(match -> routed -> guard.check(routed, match).then(Mono.defer(() -> proxy.forward(routed, match))));
    }
}
