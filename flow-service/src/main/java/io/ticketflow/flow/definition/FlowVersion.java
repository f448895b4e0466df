package io.ticketflow.flow.definition;

import java.time.Instant;

/** A published version: immutable, so running tickets keep the definition they started with. */
public record FlowVersion(String flowId, int version, String xml, Instant publishedAt, String publishedBy) {

    static String idOf(String flowId, int version) {
        return flowId + ":" + version;
    }
}
