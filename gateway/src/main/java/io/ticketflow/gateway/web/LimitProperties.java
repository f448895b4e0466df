package io.ticketflow.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize   larger request bodies are refused with 413 before any of them is forwarded or published
 * @param maxUploadSize the limit for the bodies that carry files: multipart creates ({@code POST /api/v1/tickets})
 *                      and the OMFLOW endpoint
 */
@ConfigurationProperties("ticketflow.gateway")
public record LimitProperties(@DefaultValue("1MB") DataSize maxBodySize,
                              @DefaultValue("20MB") DataSize maxUploadSize) {
}
