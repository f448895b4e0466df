package io.ticketflow.flow.definition;

import java.time.Instant;
import java.util.List;

/**
 * A flow as stored: identity and the editable draft (the {@code dev} definition). Published versions live in their
 * own immutable documents ({@link FlowVersion}).
 *
 * @param owners who may design the flow besides admins (see {@link FlowAccess}): its creator at first, then whoever
 *               an admin names; flows stored before owners existed have their creator
 */
public record FlowRecord(String flowId, String key, String name, String description, String createdBy,
                         Instant createdAt, String draftXml, Instant draftUpdatedAt, List<String> owners) {

    public FlowRecord {
        owners = owners != null ? List.copyOf(owners) : createdBy == null ? List.of() : List.of(createdBy);
    }

    public FlowRecord withDraft(String xml, Instant at) {
        return new FlowRecord(flowId, key, name, description, createdBy, createdAt, xml, at, owners);
    }
}
