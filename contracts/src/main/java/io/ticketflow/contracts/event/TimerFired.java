package io.ticketflow.contracts.event;

/**
 * A timer of the flow fired. At a timer catch event ({@code attachedTo} null) the token {@code dataId} moved on. A
 * boundary timer of the task {@code attachedTo}: interrupting, it took the task's token away (its work item ends,
 * as if cancelled) and out through {@code nodeId}; otherwise the task goes on waiting and a new branch leaves through
 * {@code nodeId} (an escalation, a reminder).
 */
public record TimerFired(String dataId, String nodeId, String nodeName, String attachedTo, boolean interrupting)
        implements TicketEvent {
}
