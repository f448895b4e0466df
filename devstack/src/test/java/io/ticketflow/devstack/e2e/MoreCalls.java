package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;

/** DELETE and PATCH with the shared stack's admin key, or another key. */
final class MoreCalls {

    private MoreCalls() {
    }

    static Answer delete(String path) {
        return SharedStack.admin().delete(path);
    }

    /** PATCH with {@code key} (the admin's when null), acting for {@code actingUser} when not null. */
    static Answer patch(String key, String path, String actingUser, Object body) {
        String apiKey = key == null ? SharedStack.get().adminKey() : key;
        return new GatewayClient(SharedStack.get().gatewayUrl(), apiKey, actingUser).patch(path, body);
    }
}
