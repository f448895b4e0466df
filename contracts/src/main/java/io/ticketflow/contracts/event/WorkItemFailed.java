package io.ticketflow.contracts.event;

import java.util.Map;

/**
 * An incident: an automatic node (or a gateway) could not move its token on. The token stays here until retried.
 *
 * @param details what a retry and a human need: status, attempts, url, expression...
 */
public record WorkItemFailed(String dataId, String nodeId, String nodeName, String reason,
                             Map<String, Object> details) implements TicketEvent {
}
