package io.ticketflow.contracts.decision;

import java.time.Instant;

/** The answer to {@code POST /api/v1/decisions/{key}/publish}: the draft became {@code version}. */
public record DecisionPublished(String key, int version, Instant publishedAt) {
}
