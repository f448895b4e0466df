package io.ticketflow.contracts.decision;

import java.util.List;
import java.util.Map;

/**
 * What a decision gave: one entry per matched rule (output name to value), as a business rule task's
 * {@code mapDecisionResult="resultList"} stores it.
 */
public record DecisionEvaluation(String key, int version, List<Map<String, Object>> resultList) {
}
