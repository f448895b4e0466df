package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.flow.FormField;

import java.util.List;

/**
 * What opening a ticket needs to know of a flow: its latest published version and start form.
 *
 * @param eventStarts the version's timer and message start events, where a ticket may start instead
 */
public record FlowCatalogEntry(String flowId, int version, List<FormField> startForm, boolean startVerification,
                               String initiator, List<String> eventStarts) {

    public FlowCatalogEntry {
        eventStarts = eventStarts == null ? List.of() : List.copyOf(eventStarts);
    }

    public FlowCatalogEntry(String flowId, int version, List<FormField> startForm, boolean startVerification,
                            String initiator) {
        this(flowId, version, startForm, startVerification, initiator, List.of());
    }

    public FlowCatalogEntry(String flowId, int version, List<FormField> startForm, boolean startVerification) {
        this(flowId, version, startForm, startVerification, null);
    }

}
