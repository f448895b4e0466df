package io.ticketflow.gateway.auth;

import io.ticketflow.contracts.ActorRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.time.Instant;

/**
 * Records the configured admin key in {@code apiKeys} at start. Retried in the background rather than awaited:
 * start-up must not block on MongoDB, and {@link BootstrapAdminKey} already admits the key meanwhile.
 */
@Component
public class AdminKeyBootstrap implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final BootstrapAdminKey adminKey;
    private final ApiKeyStore store;
    private volatile Disposable running;

    public AdminKeyBootstrap(BootstrapAdminKey adminKey, ApiKeyStore store) {
        this.adminKey = adminKey;
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void upsert() {
        if (adminKey.hash().isEmpty()) {
            log.warn("ticketflow.gateway.admin-key (TICKETFLOW_ADMIN_KEY) is not set: no admin key exists, "
                    + "so no API key can be created");
            return;
        }
        String hash = adminKey.hash().get();
        running = store.upsertSoleKey(hash, BootstrapAdminKey.PRINCIPAL, ActorRole.ADMIN, Instant.now())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(s -> log.warn("Storing the admin key failed, retrying: {}", s.failure().toString())))
                .subscribe(ignored -> { }, e -> log.error("Storing the admin key failed", e),
                        () -> log.info("Admin key stored for principal '{}'", BootstrapAdminKey.PRINCIPAL));
    }

    @Override
    public void destroy() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }
}
