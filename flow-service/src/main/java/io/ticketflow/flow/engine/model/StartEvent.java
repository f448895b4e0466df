package io.ticketflow.flow.engine.model;

import io.ticketflow.contracts.flow.FormField;
import java.util.List;

/**
 * The none start event.
 *
 * @param form         the start form (camunda:formData)
 * @param verification true when the flow asks for verification before a ticket really opens
 * @param initiator    camunda:initiator, the variable set to the ticket's opener; null when none
 */
public record StartEvent(String id, String name, List<FormField> form, boolean verification, String initiator)
        implements FlowNode {

    public StartEvent {
        form = List.copyOf(form);
    }

    public StartEvent(String id, String name, List<FormField> form, boolean verification) {
        this(id, name, form, verification, null);
    }

    @Override
    public NodeType type() {
        return NodeType.START_EVENT;
    }
}
