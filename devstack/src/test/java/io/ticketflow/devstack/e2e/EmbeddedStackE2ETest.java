package io.ticketflow.devstack.e2e;

/** The scenarios against the embedded stack (Kafka KRaft + MongoDB-wire on H2). */
class EmbeddedStackE2ETest extends TicketLifecycleScenarios {

    @Override
    GatewayClient admin() {
        return SharedStack.admin();
    }
}
