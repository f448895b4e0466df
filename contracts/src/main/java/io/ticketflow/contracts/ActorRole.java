package io.ticketflow.contracts;

/** What the caller's API key may do; carried on every command so services can authorize without the gateway. */
public enum ActorRole {
    ADMIN, INTEGRATION, USER,
    /** Reads everything an admin reads, writes nothing (the gateway refuses its every write with 403). */
    AUDITOR;

    /** Admins and integrations act for others and may override handler checks where an operation allows it. */
    public boolean privileged() {
        return this == ADMIN || this == INTEGRATION;
    }

    /** May write nothing at all. */
    public boolean readOnly() {
        return this == AUDITOR;
    }
}
