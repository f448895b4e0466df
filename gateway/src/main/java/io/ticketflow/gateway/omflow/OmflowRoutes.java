package io.ticketflow.gateway.omflow;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The OMFLOW endpoint and the security codes it accepts; ahead of the proxy, which owns the rest of /flows. */
@Configuration(proxyBeanMethods = false)
public class OmflowRoutes {

    @Bean
    @Order(0)
    public RouterFunction<ServerResponse> omflowRouter(OmflowHandler omflow, SecurityCodeHandler codes) {
        return RouterFunctions.route()
                .POST("/omflow/api/{flowId}", omflow::handle)
                .POST("/api/v1/flows/{flowId}/security-codes", codes::issue)
                .GET("/api/v1/flows/{flowId}/security-codes", codes::list)
                .DELETE("/api/v1/flows/{flowId}/security-codes/{id}", codes::revoke)
                .build();
    }
}
