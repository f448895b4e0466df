package io.ticketflow.devstack;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's tests talk to its backend as the wire server does: commands on database "ticketflow". */
abstract class StoreCommands {

    @TempDir
    Path dir;

    JournaledMemoryBackend backend;
    final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
        channel.close();
    }

    /** Runs a command that must succeed without write errors. */
    void command(String name, Document body) {
        Document answer = backend.handleCommand(channel, "ticketflow", name, body.append("$db", "ticketflow"));
        assertThat(answer.get("ok")).as(answer.toString()).isIn(1, 1.0);
        assertThat(answer.get("writeErrors")).as(answer.toString()).isNull();
    }

    @SuppressWarnings("unchecked")
    List<Document> find(String collection, Document filter) {
        Document answer = backend.handleCommand(channel, "ticketflow", "find", new Document("find", collection)
                .append("filter", filter).append("batchSize", 100000).append("$db", "ticketflow"));
        return (List<Document>) ((Document) answer.get("cursor")).get("firstBatch");
    }
}
