package io.ticketflow.flow.engine.model;

/** @param condition the conditionExpression template, or null for an unconditional flow */
public record SequenceFlow(String id, String name, String sourceRef, String targetRef, String condition) {
}
