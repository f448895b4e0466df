package io.ticketflow.devstack;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DurableH2BackendTest {

    @TempDir
    Path dir;

    private DurableH2Backend backend;
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
        channel.close();
    }

    @Test
    void serverStatusCountsTheCommandsHandledLikeMongoDbOpcounters() {
        backend = new DurableH2Backend(dir.resolve("counted.mv").toString());

        command("insert", new Document("insert", "tickets")
                .append("documents", List.of(new Document("_id", "t-1"), new Document("_id", "t-2"))));
        command("find", new Document("find", "tickets").append("filter", new Document("_id", "t-1")));
        command("update", new Document("update", "tickets").append("updates", List.of(new Document("q",
                new Document("_id", "t-1")).append("u", new Document("$set", new Document("status", "DONE"))))));
        command("findAndModify", new Document("findAndModify", "tickets").append("query", new Document("_id", "t-2"))
                .append("update", new Document("$set", new Document("status", "DONE"))));

        // the path a driver's serverStatus takes; a command is counted once it is done, so this one is not yet
        Document status = backend.handleCommand(channel, "admin", "serverStatus", new Document("serverStatus", 1));

        assertThat((Document) status.get("opcounters")).isEqualTo(new Document("insert", 1L).append("query", 1L)
                .append("update", 1L).append("delete", 0L).append("getmore", 0L).append("command", 1L));
        assertThat((Document) status.get("ticketflowCommands")).isEqualTo(new Document("find", 1L)
                .append("findandmodify", 1L).append("insert", 1L).append("update", 1L));
        assertThat((Document) status.get("ticketflowCommandsByCollection")).isEqualTo(new Document("find tickets", 1L)
                .append("findandmodify tickets", 1L).append("insert tickets", 1L).append("update tickets", 1L));
        // find, update and findAndModify by _id: one document each, through the _id index
        assertThat((Document) status.get("ticketflowDocumentsExaminedByCollection"))
                .isEqualTo(new Document("tickets", 3L));
        assertThat(((Document) status.get("ticketflowCommandMicrosByCollection")).keySet())
                .containsExactly("find tickets", "findandmodify tickets", "insert tickets", "update tickets");
    }

    private void command(String name, Document body) {
        body.append("$db", "ticketflow");
        Document answer = backend.handleCommand(channel, "ticketflow", name, body);
        assertThat(answer.get("ok")).as(answer.toString()).isIn(1, 1.0);
    }
}
