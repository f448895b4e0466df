package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketVerificationRequested;
import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FlowCatalogEntry;
import io.ticketflow.ticket.domain.FormCheck;
import io.ticketflow.ticket.domain.Ticket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens a ticket on the flow's latest published version, once the start form's required fields are there. */
final class CreateTicketHandler {

    static final String DONE = "开单成功！";

    private CreateTicketHandler() {
    }

    static final String AWAITING_VERIFICATION = "开单成功，待验证！";

    /** @param attachments what ticket-service found for {@code command.attachmentIds()}, uploaded for this ticket */
    static Decision decide(Ticket existing, CreateTicket command, CommandContext context,
                           Optional<FlowCatalogEntry> flow, List<AttachmentInfo> attachments) {
        if (existing.exists()) {
            return Decision.reject(ErrorCode.TICKET_EXISTS, "Ticket " + existing.ticketId() + " exists already");
        }
        if (command.flowId() == null || command.flowId().isBlank()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "flowId is required");
        }
        if (flow.isEmpty()) {
            return Decision.reject(ErrorCode.FLOW_NOT_FOUND,
                    "Flow " + command.flowId() + " not found or not published yet");
        }
        Map<String, Object> data = command.data() == null ? Map.of() : command.data();
        if (command.parent() != null) {
            return calledBy(command, context, flow.get(), data);
        }
        String startEventId = command.startEventId();
        if (startEventId != null) {
            // a timer's or a message's ticket (flow-service opens those) has no start form to fill in or verify
            return startedByEvent(command, context, flow.get(), data, startEventId);
        }
        var required = flow.get().startForm().stream().filter(FormField::required).map(FormField::id).toList();
        Optional<Decision> refusal = FormCheck.variableNames(data).or(() -> FormCheck.requiredFields(required, data))
                .or(() -> FormCheck.attachments(existing.ticketId(), command.attachmentIds(), attachments));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Map<String, Object> variables = data;
        String initiator = flow.get().initiator();
        if (initiator != null && context.actor() != null) {
            // camunda:initiator: the opener, always (an opener cannot name someone else as the starter)
            variables = new LinkedHashMap<>(data);
            variables.put(initiator, context.actor());
        }
        String name = command.name() == null ? "" : command.name();
        String description = command.description() == null ? "" : command.description();
        if (flow.get().startVerification()) {
            return Decision.accept(AWAITING_VERIFICATION, new TicketVerificationRequested(command.flowId(),
                    flow.get().version(), name, description, context.actor(), variables, attachments,
                    context.oneTimeToken()));
        }
        return Decision.accept(DONE, new TicketCreated(command.flowId(), flow.get().version(), name, description,
                context.actor(), variables, attachments));
    }

    /**
     * A call activity's ticket (flow-service opens those): on the version it binds to, with the variables it maps in;
     * like Camunda's called process, it fills in no start form.
     */
    private static Decision calledBy(CreateTicket command, CommandContext context, FlowCatalogEntry flow,
                                     Map<String, Object> data) {
        if (!context.role().privileged()) {
            return Decision.reject(ErrorCode.FORBIDDEN, "Only flow-service opens a ticket for a call activity");
        }
        int version = command.flowVersion() == null ? flow.version() : command.flowVersion();
        if (version < 1 || version > flow.version()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "Flow " + flow.flowId() + " has no published version "
                    + version + " (latest " + flow.version() + ")");
        }
        Optional<Decision> refusal = FormCheck.variableNames(data);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return Decision.accept(DONE, new TicketCreated(command.flowId(), version,
                command.name() == null ? "" : command.name(), command.description() == null ? "" : command.description(),
                context.actor(), data, List.of(), null, command.parent()));
    }

    private static Decision startedByEvent(CreateTicket command, CommandContext context, FlowCatalogEntry flow,
                                           Map<String, Object> data, String startEventId) {
        if (!context.role().privileged()) {
            return Decision.reject(ErrorCode.FORBIDDEN, "Only integrations and admins open a ticket at a timer or"
                    + " message start event");
        }
        if (!flow.eventStarts().contains(startEventId)) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "startEventId '" + startEventId + "' is no timer or"
                    + " message start event of flow " + flow.flowId() + " version " + flow.version()
                    + (flow.eventStarts().isEmpty() ? "" : "; it has " + flow.eventStarts()));
        }
        if (command.attachmentIds() != null && !command.attachmentIds().isEmpty()) {
            return Decision.reject(ErrorCode.VALIDATION_FAILED, "a ticket opened at a start event takes no attachments");
        }
        Optional<Decision> refusal = FormCheck.variableNames(data);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        return Decision.accept(DONE, new TicketCreated(command.flowId(), flow.version(),
                command.name() == null ? "" : command.name(), command.description() == null ? "" : command.description(),
                context.actor(), data, List.of(), startEventId));
    }
}
