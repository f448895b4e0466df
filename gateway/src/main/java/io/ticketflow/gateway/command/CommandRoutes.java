package io.ticketflow.gateway.command;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Ticket writes become commands; the reads of the same paths are routed to the services (see routing). */
@Configuration(proxyBeanMethods = false)
public class CommandRoutes {

    @Bean
    @Order(0)
    public RouterFunction<ServerResponse> commandRouter(CommandHandler handler) {
        return RouterFunctions.route()
                .POST("/api/v1/tickets", handler::create)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/submit", handler::submit)
                .POST("/api/v1/tickets/{ticketId}/verify", handler::verify)
                .POST("/api/v1/tickets/{ticketId}/close", handler::close)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/retry", handler::retry)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/reassign", handler::reassign)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/claim", handler::claim)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/unclaim", handler::unclaim)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/return", handler::returnTo)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/delegate", handler::delegate)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/add-signers", handler::addSigners)
                .POST("/api/v1/tickets/{ticketId}/nodes/{nodeId}/remove-signers", handler::removeSigners)
                .PATCH("/api/v1/tickets/{ticketId}/variables", handler::updateVariables)
                .GET("/api/v1/commands/{commandId}", handler::status)
                .build();
    }
}
