package io.ticketflow.flow.definition;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;

/**
 * Who may design a flow, in one place: creating a flow and naming its owners are for admins; its draft, its
 * publishing and its security codes for admins and its owners; reading its draft also for auditors. The gateway
 * asks this rule ({@code GET /api/v1/flows/{flowId}/access}) before it manages a flow's security codes.
 */
final class FlowAccess {

    private FlowAccess() {
    }

    /** What the caller may do with one flow: the answer of {@code GET /api/v1/flows/{flowId}/access}. */
    record View(String flowId, String actor, boolean owner, boolean design, boolean readDesign) {
    }

    static View of(FlowRecord flow, ForwardedIdentity caller) {
        boolean owner = caller.actor() != null && flow.owners().contains(caller.actor());
        boolean design = owner || caller.is(ActorRole.ADMIN);
        return new View(flow.flowId(), caller.actor(), owner, design, design || caller.is(ActorRole.AUDITOR));
    }

    static void requireAdmin(ForwardedIdentity caller, String what) {
        if (!caller.is(ActorRole.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an ADMIN key may " + what);
        }
    }

    static void requireDesign(FlowRecord flow, ForwardedIdentity caller) {
        if (!of(flow, caller).design()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin or an owner of flow " + flow.flowId()
                    + " may change it; " + (caller.actor() == null ? "an anonymous caller" : caller.actor())
                    + " is neither");
        }
    }

    static void requireReadDesign(FlowRecord flow, ForwardedIdentity caller) {
        if (!of(flow, caller).readDesign()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin, an auditor or an owner of flow "
                    + flow.flowId() + " may read its design");
        }
    }
}
