package io.ticketflow.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize larger request bodies are refused with 413 before any of them is forwarded or published */
@ConfigurationProperties("ticketflow.gateway")
public record LimitProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
