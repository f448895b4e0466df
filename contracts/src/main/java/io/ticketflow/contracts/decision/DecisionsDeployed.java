package io.ticketflow.contracts.decision;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/decisions}: every decision of the document, saved as its draft.
 *
 * @param decisions each decision's key and name, in document order
 */
public record DecisionsDeployed(List<Deployed> decisions) {

    public DecisionsDeployed {
        decisions = List.copyOf(decisions);
    }

    public record Deployed(String key, String name, int latestVersion) {
    }
}
