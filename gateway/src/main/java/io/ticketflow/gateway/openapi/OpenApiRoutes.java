package io.ticketflow.gateway.openapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/** {@code GET /api/v1/openapi.yaml}: the hand-written OpenAPI 3.1 document of the public API, no key needed. */
@Configuration(proxyBeanMethods = false)
public class OpenApiRoutes {

    public static final String PATH = "/api/v1/openapi.yaml";
    public static final String RESOURCE = "openapi/ticketflow.yaml";
    static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    @Bean
    @Order(0)
    public RouterFunction<ServerResponse> openApiRouter() {
        byte[] document = load();
        return RouterFunctions.route()
                .GET(PATH, request -> ServerResponse.ok().contentType(YAML)
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                        .bodyValue(document))
                .build();
    }

    public static byte[] load() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document " + RESOURCE + " is missing", e);
        }
    }
}
