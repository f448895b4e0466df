package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.flow.FormField;

import java.util.List;

/** What opening a ticket needs to know of a flow: its latest published version and start form. */
public record FlowCatalogEntry(String flowId, int version, List<FormField> startForm, boolean startVerification,
                               String initiator) {

    public FlowCatalogEntry(String flowId, int version, List<FormField> startForm, boolean startVerification) {
        this(flowId, version, startForm, startVerification, null);
    }

}
