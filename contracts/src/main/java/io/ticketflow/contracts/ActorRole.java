package io.ticketflow.contracts;

/** What the caller's API key may do; carried on every command so services can authorize without the gateway. */
public enum ActorRole {
    ADMIN, INTEGRATION, USER;

    /** Admins and integrations act for others and may override handler checks where an operation allows it. */
    public boolean privileged() {
        return this != USER;
    }
}
