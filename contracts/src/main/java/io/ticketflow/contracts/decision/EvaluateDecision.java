package io.ticketflow.contracts.decision;

import java.util.Map;

/**
 * {@code POST /api/v1/decisions/{key}/evaluate}: try a decision without a ticket.
 *
 * @param version the published version to use; null for the latest
 */
public record EvaluateDecision(Map<String, Object> variables, Integer version) {
}
