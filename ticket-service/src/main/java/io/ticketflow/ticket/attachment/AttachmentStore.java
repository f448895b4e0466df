package io.ticketflow.ticket.attachment;

import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import com.mongodb.reactivestreams.client.gridfs.GridFSDownloadPublisher;
import io.ticketflow.contracts.event.AttachmentInfo;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Attachment content in GridFS, each file tagged with the ticket it was uploaded for: a create may only attach
 * files uploaded for that same ticket id.
 */
@Component
public class AttachmentStore {

    private final GridFSBucket bucket;

    public AttachmentStore(MongoClient client, @Value("${spring.mongodb.database}") String database) {
        this.bucket = GridFSBuckets.create(client.getDatabase(database), "attachments");
    }

    public Mono<AttachmentInfo> store(String ticketId, String filename, String contentType, String uploadedBy,
                                      Flux<ByteBuffer> content) {
        var options = new GridFSUploadOptions().metadata(new Document("ticketId", ticketId)
                .append("contentType", contentType).append("uploadedBy", uploadedBy));
        return Mono.from(bucket.uploadFromPublisher(filename, content, options))
                .flatMap(id -> Mono.from(bucket.find(Filters.eq("_id", id)).first()))
                .map(AttachmentStore::info);
    }

    /** The files of {@code ids} uploaded for {@code ticketId}; unknown or foreign ids are simply absent. */
    public Mono<List<AttachmentInfo>> find(String ticketId, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return Mono.just(List.of());
        }
        List<ObjectId> objectIds = ids.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        return Flux.from(bucket.find(Filters.and(Filters.in("_id", objectIds),
                        Filters.eq("metadata.ticketId", ticketId))))
                .map(AttachmentStore::info)
                .collectList();
    }

    public Mono<Download> open(String ticketId, String attachmentId) {
        if (!ObjectId.isValid(attachmentId)) {
            return Mono.empty();
        }
        ObjectId id = new ObjectId(attachmentId);
        return Mono.from(bucket.find(Filters.and(Filters.eq("_id", id), Filters.eq("metadata.ticketId", ticketId)))
                        .first())
                .map(file -> {
                    GridFSDownloadPublisher content = bucket.downloadToPublisher(id);
                    return new Download(info(file), Flux.from(content));
                });
    }

    private static AttachmentInfo info(GridFSFile file) {
        Document metadata = file.getMetadata() == null ? new Document() : file.getMetadata();
        return new AttachmentInfo(file.getObjectId().toHexString(), file.getFilename(),
                metadata.getString("contentType"), file.getLength());
    }

    public record Download(AttachmentInfo info, Flux<ByteBuffer> content) {
    }
}
