package io.ticketflow.gateway.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
public class ApiKeyRoutes {

    @Bean
    @Order(0)
    public RouterFunction<ServerResponse> apiKeyRouter(ApiKeyHandler handler) {
        return RouterFunctions.route()
                .POST("/api/v1/api-keys", handler::create)
                .DELETE("/api/v1/api-keys/{principal}", handler::revoke)
                .build();
    }
}
