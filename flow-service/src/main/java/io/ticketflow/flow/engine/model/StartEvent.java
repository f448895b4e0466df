package io.ticketflow.flow.engine.model;

import io.ticketflow.contracts.flow.FormField;
import java.util.List;

/**
 * A start event: the none start event (where tickets opened by people start), or a timer or message start event of
 * the process (where tickets a timer or a message opens start).
 *
 * @param form         the start form (camunda:formData)
 * @param verification true when the flow asks for verification before a ticket really opens
 * @param initiator    camunda:initiator, the variable set to the ticket's opener; null when none
 * @param timer        a timer start event's timer (no expressions: there are no variables yet); else null
 * @param messageName  a message start event's message; else null
 * @param errorStart   an event sub-process's error start event, catching {@code errorCode} (null: every error)
 */
public record StartEvent(String id, String name, List<FormField> form, boolean verification, String initiator,
                         TimerDefinition timer, String messageName, boolean errorStart, String errorCode)
        implements FlowNode {

    public StartEvent {
        form = List.copyOf(form);
    }

    public StartEvent(String id, String name, List<FormField> form, boolean verification, String initiator,
                      TimerDefinition timer, String messageName) {
        this(id, name, form, verification, initiator, timer, messageName, false, null);
    }

    public StartEvent(String id, String name, List<FormField> form, boolean verification, String initiator) {
        this(id, name, form, verification, initiator, null, null);
    }

    public StartEvent(String id, String name, List<FormField> form, boolean verification) {
        this(id, name, form, verification, null);
    }

    /** A timer or message start event. */
    public boolean triggered() {
        return timer != null || messageName != null;
    }

    @Override
    public NodeType type() {
        return NodeType.START_EVENT;
    }
}
