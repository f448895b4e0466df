package io.ticketflow.platform.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import io.ticketflow.platform.testing.ExaminingBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A guarded write is one index lookup on the embedded server, however many documents the collection holds. */
class GuardIndexesTest {

    private final ExaminingBackend backend = new ExaminingBackend();
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> docs;

    @BeforeEach
    void start() {
        server = new MongoServer(backend);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        docs = client.getDatabase("guards").getCollection("docs");
        Mono.from(docs.insertMany(IntStream.range(0, 200)
                .mapToObj(i -> new Document("_id", "doc-" + i).append("version", 1L)).toList())).block();
        GuardIndexes.ensure(docs, "version").block();
        backend.reset();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aGuardedWriteExaminesOneDocumentAndStillRefusesAStaleVersion() {
        long matched = Mono.from(docs.updateOne(GuardIndexes.guard("doc-7", "version", 1L),
                Updates.set("version", 2L))).block().getModifiedCount();
        long stale = Mono.from(docs.updateOne(GuardIndexes.guard("doc-7", "version", 1L),
                Updates.set("version", 3L))).block().getModifiedCount();

        assertThat(matched).isEqualTo(1);
        assertThat(stale).isZero();
        assertThat(backend.examined("guards", "docs")).isEqualTo(1);
    }

    @Test
    void theDriversAndFilterScansTheCollectionWhichIsWhyGuardsAreWrittenFlat() {
        Flux.from(docs.find(Filters.and(Filters.eq("_id", "doc-7"), Filters.eq("version", 1L)))).blockLast();

        assertThat(backend.examined("guards", "docs")).isEqualTo(200);
    }
}
