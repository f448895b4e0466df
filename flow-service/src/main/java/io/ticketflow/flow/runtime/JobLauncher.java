package io.ticketflow.flow.runtime;

import io.ticketflow.flow.engine.event.HttpRequestSpec;

/** Starts an automatic node's call off the ticket's critical path; its outcome comes back through FlowRuntime. */
public interface JobLauncher {

    void launch(String ticketId, String dataId, HttpRequestSpec request);
}
