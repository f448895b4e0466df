package io.ticketflow.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Each service reads its own {@code gateway.yml}, so all five can share one classpath in the devstack. */
    public static final String CONFIG_NAME = "gateway";

    public static void main(String[] args) {
        app().run(args);
    }

    public static SpringApplicationBuilder app() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
