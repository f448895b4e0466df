package io.ticketflow.devstack;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each service its own Reactor Netty resources. By default every WebFlux context in a JVM shares the global
 * ones and disposes them when it closes, so stopping one service of the devstack would take the others' servers
 * and clients down with it.
 */
final class OwnNettyResources implements BeanPostProcessor {

    static void register(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new OwnNettyResources());
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ReactorResourceFactory factory) {
            factory.setUseGlobalResources(false);
        }
        return bean;
    }
}
