package io.ticketflow.contracts.decision;

import java.time.Instant;
import java.util.List;

/**
 * A DMN decision as {@code GET /api/v1/decisions/{key}} shows it (docs/decisions.md).
 *
 * @param key            the decision's id in its DMN document; business rule tasks name it in {@code decisionRef}
 * @param latestVersion  0 while nothing is published
 * @param draftSavedAt   when the draft (the document last deployed) was saved; null when none waits
 * @param versions       published versions, oldest first
 */
public record DecisionView(String key, String name, int latestVersion, Instant draftSavedAt, String draftSavedBy,
                           List<Version> versions) {

    public DecisionView {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    public record Version(int version, String name, Instant publishedAt, String publishedBy) {
    }
}
