package io.ticketflow.flow.runtime;

import io.ticketflow.contracts.event.ParentLink;
import io.ticketflow.contracts.flow.FlowProgressed;
import io.ticketflow.flow.engine.event.HttpRequestSpec;
import io.ticketflow.flow.engine.state.InstanceState;

import java.util.Map;

/**
 * flow-service's view of one ticket, stored as one document: where its tokens stand, the variables its
 * expressions read (merged from the ticket events), and the last progress it published so a redelivered batch
 * can be answered again instead of being applied twice.
 *
 * @param lastSeq      the last ticket event applied
 * @param progressSeq  the last progress published
 * @param jobs         automatic calls in flight, by dataId, so they are resumed after a restart
 * @param docVersion   optimistic-lock version of the document
 * @param calls        tickets its call activities opened that have not ended, by the dataId waiting for them
 * @param parent       the call activity of another ticket that opened this one; null when none
 */
public record Instance(String ticketId, String flowId, int flowVersion, String createdBy, InstanceState state,
                       Map<String, Object> variables, long lastSeq, long progressSeq, FlowProgressed lastProgress,
                       Map<String, HttpRequestSpec> jobs, long docVersion, Map<String, CallRef> calls,
                       ParentLink parent) {

    public Instance(String ticketId, String flowId, int flowVersion, String createdBy, InstanceState state,
                    Map<String, Object> variables, long lastSeq, long progressSeq, FlowProgressed lastProgress,
                    Map<String, HttpRequestSpec> jobs, long docVersion) {
        this(ticketId, flowId, flowVersion, createdBy, state, variables, lastSeq, progressSeq, lastProgress, jobs,
                docVersion, null, null);
    }
}
