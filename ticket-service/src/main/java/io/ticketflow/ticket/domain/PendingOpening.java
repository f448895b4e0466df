package io.ticketflow.ticket.domain;

import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketVerificationRequested;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A ticket waiting for start verification: what opens it, and only a hash of the one-time token. */
public record PendingOpening(Map<String, Object> data, List<AttachmentInfo> attachments, String tokenHash) {

    static PendingOpening of(TicketVerificationRequested requested) {
        return new PendingOpening(requested.data(), requested.attachments(), hash(requested.token()));
    }

    /** Constant-time comparison, so the answer's timing does not leak how much of a guess was right. */
    public boolean matches(String token) {
        return token != null && MessageDigest.isEqual(
                hash(token).getBytes(StandardCharsets.US_ASCII), tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    public TicketCreated opened(Ticket ticket) {
        return new TicketCreated(ticket.flowId(), ticket.flowVersion(), ticket.name(), ticket.description(),
                ticket.createdBy(), data, attachments);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
