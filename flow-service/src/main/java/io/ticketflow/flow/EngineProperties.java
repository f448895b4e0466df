package io.ticketflow.flow;

import io.ticketflow.flow.engine.FlowEngine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's limits.
 *
 * @param maxAutomaticEntries nodes a ticket may enter on its own between two human actions (start, submit, retry),
 *                            across asynchronous steps too; beyond it the flow stops with a LOOP_LIMIT incident
 */
@ConfigurationProperties("ticketflow.flow.engine")
public record EngineProperties(@DefaultValue("" + FlowEngine.DEFAULT_MAX_NODE_ENTRIES) int maxAutomaticEntries) {
}
