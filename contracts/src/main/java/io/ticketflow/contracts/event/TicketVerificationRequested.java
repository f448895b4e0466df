package io.ticketflow.contracts.event;

import java.util.List;
import java.util.Map;

/**
 * The flow's start asks for verification: the ticket waits, unopened, until the opener confirms with
 * {@code token}, which notification-service delivers to them. Nothing starts before that.
 */
public record TicketVerificationRequested(String flowId, int flowVersion, String name, String description,
                                          String createdBy, Map<String, Object> data,
                                          List<AttachmentInfo> attachments, String token) implements TicketEvent {
}
