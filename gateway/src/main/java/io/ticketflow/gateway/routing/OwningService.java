package io.ticketflow.gateway.routing;

import java.util.Locale;

/** The services the gateway reads from; the name is the property key and the health component. */
public enum OwningService {
    TICKETS, FLOWS, VARIABLES, NOTIFICATIONS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
