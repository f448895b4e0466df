package io.ticketflow.ticket.attachment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxFileSize larger files are refused with 413
 * @param maxFiles    files per upload
 */
@ConfigurationProperties("ticketflow.attachments")
public record AttachmentSettings(@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("20") int maxFiles) {
}
