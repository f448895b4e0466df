package io.ticketflow.flow.runtime;

import java.util.Map;

/**
 * A ticket a call activity opened, kept with the calling instance until it ends, so its create can be sent again
 * after a crash and its end matched to the token.
 *
 * @param variables what the child was opened with ({@code camunda:in})
 */
public record CallRef(String childTicketId, String nodeId, String nodeName, String flowId, int flowVersion,
                      String name, Map<String, Object> variables) {
}
