package io.ticketflow.flow;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowServiceApplication {

    /** Each service reads its own {@code flow-service.yml}, so all five can share one classpath in the devstack. */
    public static final String CONFIG_NAME = "flow-service";

    public static void main(String[] args) {
        app().run(args);
    }

    public static SpringApplicationBuilder app() {
        return new SpringApplicationBuilder(FlowServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
