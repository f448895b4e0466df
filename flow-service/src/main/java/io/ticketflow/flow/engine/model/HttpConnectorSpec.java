package io.ticketflow.flow.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The camunda:connector of a service task; every string is a template resolved when the job is requested.
 *
 * @param method  null when the diagram does not set one (the engine then picks GET, or POST with a payload)
 * @param payload null when there is no body
 * @param outputs output variable name to expression, evaluated by the caller with {@code response} bound
 */
public record HttpConnectorSpec(String url, String method, Map<String, String> headers, String payload,
                                Map<String, String> outputs) {

    public HttpConnectorSpec {
        // insertion order is kept so requests and outputs are reproducible
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
