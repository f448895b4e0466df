package io.ticketflow.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happened to a ticket, past tense. ticket-service is the only writer of a ticket's event log; flow-service
 * proposes the flow-driven ones ({@link WorkItemActivated}, {@link WorkItemFailed}, ...) through
 * {@code FlowProgressed}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(TicketCreated.class),
        @JsonSubTypes.Type(TicketVerificationRequested.class),
        @JsonSubTypes.Type(WorkItemActivated.class),
        @JsonSubTypes.Type(WorkItemSubmitted.class),
        @JsonSubTypes.Type(WorkItemFailed.class),
        @JsonSubTypes.Type(WorkItemCancelled.class),
        @JsonSubTypes.Type(WorkItemReassigned.class),
        @JsonSubTypes.Type(WorkItemClaimed.class),
        @JsonSubTypes.Type(WorkItemUnclaimed.class),
        @JsonSubTypes.Type(WorkItemReturned.class),
        @JsonSubTypes.Type(WorkItemDelegated.class),
        @JsonSubTypes.Type(WorkItemResolved.class),
        @JsonSubTypes.Type(WorkItemSignersAdded.class),
        @JsonSubTypes.Type(WorkItemSignersRemoved.class),
        @JsonSubTypes.Type(WorkItemSigned.class),
        @JsonSubTypes.Type(AutomaticNodeCompleted.class),
        @JsonSubTypes.Type(CallActivityStarted.class),
        @JsonSubTypes.Type(BpmnErrorCaught.class),
        @JsonSubTypes.Type(MessageReceived.class),
        @JsonSubTypes.Type(TimerFired.class),
        @JsonSubTypes.Type(VariablesUpdated.class),
        @JsonSubTypes.Type(NodeRetried.class),
        @JsonSubTypes.Type(TicketCompleted.class),
        @JsonSubTypes.Type(TicketClosed.class)
})
public sealed interface TicketEvent
        permits TicketCreated, TicketVerificationRequested, WorkItemActivated, WorkItemSubmitted, WorkItemFailed, WorkItemCancelled,
        WorkItemReassigned, WorkItemClaimed, WorkItemUnclaimed, WorkItemReturned, WorkItemDelegated, WorkItemResolved,
        WorkItemSignersAdded, WorkItemSignersRemoved, WorkItemSigned,
        AutomaticNodeCompleted, CallActivityStarted, BpmnErrorCaught, MessageReceived, TimerFired, VariablesUpdated, NodeRetried, TicketCompleted, TicketClosed {

    default String type() {
        return getClass().getSimpleName();
    }

    /** The node the event concerns, when it concerns one. */
    default String nodeId() {
        return null;
    }

    /** The token (work item) the event concerns, when it concerns one. */
    default String dataId() {
        return null;
    }
}
