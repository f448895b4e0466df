package io.ticketflow.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    /** Each service reads its own {@code notification-service.yml}, so all five can share one classpath in the devstack. */
    public static final String CONFIG_NAME = "notification-service";

    public static void main(String[] args) {
        app().run(args);
    }

    public static SpringApplicationBuilder app() {
        return new SpringApplicationBuilder(NotificationServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
