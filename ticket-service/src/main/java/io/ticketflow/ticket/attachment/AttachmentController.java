package io.ticketflow.ticket.attachment;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;
import io.ticketflow.ticket.query.TicketReadAccess;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads staged for a ticket about to be created (the gateway sends the files here, then the command naming
 * them), and downloads of a ticket's attachments.
 */
@RestController
@RequestMapping("/api/v1/tickets/{ticketId}/attachments")
class AttachmentController {

    private final AttachmentStore store;
    private final AttachmentSettings settings;
    private final TicketReadAccess access;

    AttachmentController(AttachmentStore store, AttachmentSettings settings, TicketReadAccess access) {
        this.store = store;
        this.settings = settings;
        this.access = access;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<List<AttachmentInfo>>> upload(@PathVariable String ticketId, ServerWebExchange exchange,
                                                      @RequestHeader(name = ForwardedIdentity.ACTOR_HEADER,
                                                              defaultValue = "system") String actor) {
        if (!TicketIds.isValid(ticketId)) {
            return Mono.error(new ApiException(ErrorCode.TICKET_NOT_FOUND, "Ticket id must be numeric: " + ticketId));
        }
        return exchange.getMultipartData()
                .flatMapMany(parts -> Flux.fromIterable(parts.getOrDefault("files", List.of())))
                .filter(FilePart.class::isInstance)
                .cast(FilePart.class)
                .index()
                .concatMap(indexed -> {
                    if (indexed.getT1() >= settings.maxFiles()) {
                        return Mono.error(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                                "At most " + settings.maxFiles() + " files per ticket"));
                    }
                    return store(ticketId, indexed.getT2(), actor);
                })
                .collectList()
                .map(stored -> ResponseEntity.status(HttpStatus.CREATED).body(stored));
    }

    private Mono<AttachmentInfo> store(String ticketId, FilePart file, String actor) {
        long limit = settings.maxFileSize().toBytes();
        String filename = FileNames.baseName(file.filename());
        AtomicLong seen = new AtomicLong();
        Flux<ByteBuffer> content = file.content().map(buffer -> {
            try {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "File '" + filename
                            + "' is larger than " + settings.maxFileSize());
                }
                ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
                buffer.toByteBuffer(copy);
                return copy;
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
        MediaType type = file.headers().getContentType();
        return store.store(ticketId, filename, type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                : type.toString(), actor, content);
    }

    @GetMapping("/{attachmentId}")
    Mono<ResponseEntity<Flux<DataBuffer>>> download(@PathVariable String ticketId, @PathVariable String attachmentId,
                                                    @RequestHeader(name = ForwardedIdentity.ACTOR_HEADER,
                                                            required = false) String actor,
                                                    @RequestHeader(name = ForwardedIdentity.ROLE_HEADER,
                                                            required = false) String role) {
        return access.readable(ticketId, ForwardedIdentity.of(actor, role))
                .then(Mono.defer(() -> store.open(ticketId, attachmentId)))
                .switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.NOT_FOUND,
                        "Ticket " + ticketId + " has no attachment " + attachmentId)))
                .map(download -> {
                    AttachmentInfo info = download.info();
                    HttpHeaders headers = new HttpHeaders();
                    headers.setContentType(info.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                            : MediaType.parseMediaType(info.contentType()));
                    headers.setContentLength(info.size());
                    headers.setContentDisposition(ContentDisposition.attachment()
                            .filename(info.filename(), StandardCharsets.UTF_8).build());
                    Flux<DataBuffer> body = download.content().map(DefaultDataBufferFactory.sharedInstance::wrap);
                    return new ResponseEntity<>(body, headers, HttpStatus.OK);
                });
    }
}
