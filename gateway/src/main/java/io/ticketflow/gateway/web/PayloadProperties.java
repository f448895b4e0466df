package io.ticketflow.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxVariablesBytes a {@code data} document (ticket or form variables) larger than this, serialized as JSON,
 *                          is refused with 413 PAYLOAD_TOO_LARGE
 * @param maxVariablesDepth deeper nesting is refused with 422 DATA_TOO_DEEP
 */
@ConfigurationProperties("ticketflow.gateway")
public record PayloadProperties(@DefaultValue("256KB") DataSize maxVariablesBytes,
                                @DefaultValue("32") int maxVariablesDepth) {
}
