package io.ticketflow.flow.engine.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP call with every template already resolved against the variables.
 *
 * @param body    null when the node has no payload
 * @param outputs output variable to expression (e.g. {@code ${response}}), left unresolved: the caller evaluates it
 *                with {@code response} bound to the reply
 */
public record HttpRequestSpec(String url, String method, Map<String, String> headers, String body,
                              Map<String, String> outputs) {

    public HttpRequestSpec {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
