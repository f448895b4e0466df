package io.ticketflow.flow.runtime;

import java.util.Map;

/** How an automatic call ended, after its retries. */
public sealed interface JobOutcome {

    /** @param outputs the node's output variables, already evaluated */
    record Succeeded(Map<String, Object> outputs) implements JobOutcome {
    }

    /** @param details what a retry and a human need: status, message, attempts, url */
    record Failed(String reason, Map<String, Object> details) implements JobOutcome {
    }
}
