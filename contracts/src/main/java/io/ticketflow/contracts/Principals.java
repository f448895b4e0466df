package io.ticketflow.contracts;

/** Principals with a meaning of their own across services. */
public final class Principals {

    /** Security codes act as their flow's integration: {@code flow-integration:<flowId>}. */
    public static final String FLOW_INTEGRATION_PREFIX = "flow-integration:";

    private Principals() {
    }

    public static String flowIntegration(String flowId) {
        return FLOW_INTEGRATION_PREFIX + flowId;
    }

    /** The flow whose integration (security code) this caller is, or null when it is none. */
    public static String integratedFlow(String actor, ActorRole role) {
        return role == ActorRole.INTEGRATION && actor != null && actor.startsWith(FLOW_INTEGRATION_PREFIX)
                ? actor.substring(FLOW_INTEGRATION_PREFIX.length()) : null;
    }

    /** True when the caller is the integration of exactly this flow, which may push any of its work items. */
    public static boolean isIntegrationOf(String actor, ActorRole role, String flowId) {
        return role == ActorRole.INTEGRATION && flowId != null && flowIntegration(flowId).equals(actor);
    }
}
