package io.ticketflow.flow.definition;

import java.time.Instant;

/**
 * A flow as stored: identity and the editable draft (the {@code dev} definition). Published versions live in their
 * own immutable documents ({@link FlowVersion}).
 */
public record FlowRecord(String flowId, String key, String name, String description, String createdBy,
                         Instant createdAt, String draftXml, Instant draftUpdatedAt) {

    public FlowRecord withDraft(String xml, Instant at) {
        return new FlowRecord(flowId, key, name, description, createdBy, createdAt, xml, at);
    }
}
