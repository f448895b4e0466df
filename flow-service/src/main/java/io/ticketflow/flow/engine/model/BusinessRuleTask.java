package io.ticketflow.flow.engine.model;

/**
 * A {@code businessRuleTask} that evaluates a published DMN decision ({@code camunda:decisionRef}) and leaves at once.
 *
 * @param decisionRef    the decision's key (its id in the DMN); may hold {@code ${…}} expressions
 * @param version        the version to use ({@code decisionRefBinding="version"}); null for the latest published one
 * @param resultVariable where the mapped result is stored; null to store nothing
 */
public record BusinessRuleTask(String id, String name, String decisionRef, Integer version, String resultVariable,
                               ResultMapping mapping) implements FlowNode {

    /** {@code camunda:mapDecisionResult}, as Camunda maps a decision's result list into one value. */
    public enum ResultMapping {
        /** every matched rule's outputs, a list of maps (the default) */
        RESULT_LIST("resultList"),
        /** the one matched rule's outputs as a map, null when none matched; more than one is an error */
        SINGLE_RESULT("singleResult"),
        /** the one output of the one matched rule, null when none matched; more is an error */
        SINGLE_ENTRY("singleEntry"),
        /** the one output of every matched rule, as a list; more than one output is an error */
        COLLECT_ENTRIES("collectEntries");

        private final String attribute;

        ResultMapping(String attribute) {
            this.attribute = attribute;
        }

        public String attribute() {
            return attribute;
        }

        public static ResultMapping of(String attribute) {
            for (ResultMapping mapping : values()) {
                if (mapping.attribute.equals(attribute)) {
                    return mapping;
                }
            }
            return null;
        }
    }

    @Override
    public NodeType type() {
        return NodeType.BUSINESS_RULE_TASK;
    }
}
