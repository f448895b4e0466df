package io.ticketflow.flow.definition;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.parse.BpmnParser;
import io.ticketflow.flow.engine.parse.ParseResult;
import io.ticketflow.platform.web.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed published versions. A version never changes, so it is parsed once per process, not once per message.
 */
@Component
public class ModelCache {

    private final FlowDefinitionStore store;
    private final BpmnParser parser;
    private final ConcurrentHashMap<String, FlowModel> models = new ConcurrentHashMap<>();

    public ModelCache(FlowDefinitionStore store, BpmnParser parser) {
        this.store = store;
        this.parser = parser;
    }

    public Mono<FlowModel> published(String flowId, int version) {
        String id = FlowVersion.idOf(flowId, version);
        FlowModel cached = models.get(id);
        if (cached != null) {
            return Mono.just(cached);
        }
        return store.version(flowId, version)
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.FLOW_NOT_FOUND,
                        "Flow " + flowId + " has no version " + version)))
                .map(stored -> models.computeIfAbsent(id, ignored -> parse(stored.xml(), id)));
    }

    /** The current draft ({@code dev}); parsed each time because it may change at any moment. */
    public Mono<FlowModel> draft(String flowId) {
        return store.find(flowId)
                .filter(flow -> flow.draftXml() != null)
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NO_DRAFT, "Flow " + flowId + " has no draft")))
                .map(flow -> parse(flow.draftXml(), flowId + ":draft"));
    }

    private FlowModel parse(String xml, String what) {
        ParseResult result = parser.parse(xml);
        if (result.model() == null) {
            throw new ApiException(ErrorCode.INVALID_BPMN, "Stored definition " + what + " does not parse: "
                    + result.problems(), result.problems());
        }
        return result.model();
    }
}
