package io.ticketflow.contracts.event;

/** A file attached to a ticket; its content is in ticket-service's GridFS under {@code id}. */
public record AttachmentInfo(String id, String filename, String contentType, long size) {
}
