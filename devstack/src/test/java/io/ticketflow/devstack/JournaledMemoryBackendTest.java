package io.ticketflow.devstack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournaledMemoryBackendTest extends StoreCommands {

    @Test
    void serverStatusCountsTheCommandsHandledLikeMongoDbOpcounters() throws IOException {
        backend = JournaledMemoryBackend.open(dir.resolve("counted.journal"));

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

    @Test
    void aReopenedStoreHoldsEveryWriteItsIndexesAndNothingDeletedOrDropped() throws IOException {
        Path file = dir.resolve("store.journal");
        backend = JournaledMemoryBackend.open(file);
        command("createIndexes", new Document("createIndexes", "tickets").append("indexes", List.of(
                new Document("key", new Document("ref", 1)).append("name", "ref_1").append("unique", true))));
        command("insert", new Document("insert", "tickets").append("documents", List.of(
                new Document("_id", "t-1").append("ref", "A").append("n", 1),
                new Document("_id", "t-2").append("ref", "B").append("n", 1),
                new Document("_id", new Document("ticket", "t-3").append("seq", 2)).append("ref", "C"))));
        command("update", new Document("update", "tickets").append("updates", List.of(new Document("q",
                new Document("_id", "t-1")).append("u", new Document("$inc", new Document("n", 1))))));
        command("delete", new Document("delete", "tickets").append("deletes", List.of(
                new Document("q", new Document("_id", "t-2")).append("limit", 1))));
        command("insert", new Document("insert", "scratch").append("documents", List.of(new Document("_id", 1))));
        command("drop", new Document("drop", "scratch"));
        command("findAndModify", new Document("findAndModify", "tickets").append("query", new Document("_id", "t-4"))
                .append("update", new Document("$set", new Document("ref", "D"))).append("upsert", true));
        backend.close();

        backend = JournaledMemoryBackend.open(file);

        assertThat(find("tickets", new Document())).containsExactlyInAnyOrder(
                new Document("_id", "t-1").append("ref", "A").append("n", 2),
                new Document("_id", new Document("ticket", "t-3").append("seq", 2)).append("ref", "C"),
                new Document("_id", "t-4").append("ref", "D"));
        assertThat(find("scratch", new Document())).isEmpty();
        // the unique index came back with its data
        assertThat(insertAnswer(new Document("_id", "t-5").append("ref", "A")).toString()).contains("E11000");
    }

    @Test
    void aWriteCutShortByACrashIsDroppedAndWritesGoOnAfterIt() throws IOException {
        Path file = dir.resolve("store.journal");
        backend = JournaledMemoryBackend.open(file);
        command("insert", new Document("insert", "tickets").append("documents", List.of(new Document("_id", "t-1"))));
        command("insert", new Document("insert", "tickets").append("documents", List.of(new Document("_id", "t-2"))));
        backend.close();
        backend = null;
        long whole = Files.size(file);
        try (FileChannel journal = FileChannel.open(file, StandardOpenOption.WRITE)) {
            journal.truncate(whole - 5); // the second insert's frame, torn
        }

        backend = JournaledMemoryBackend.open(file);
        assertThat(find("tickets", new Document())).containsExactly(new Document("_id", "t-1"));
        command("insert", new Document("insert", "tickets").append("documents", List.of(new Document("_id", "t-3"))));
        backend.close();

        backend = JournaledMemoryBackend.open(file);
        assertThat(find("tickets", new Document())).containsExactlyInAnyOrder(new Document("_id", "t-1"),
                new Document("_id", "t-3"));
    }

    @Test
    void aDamagedWriteWithWritesBehindItKeepsTheStoreClosedAndTheFileAsItIs() throws IOException {
        Path file = dir.resolve("store.journal");
        backend = JournaledMemoryBackend.open(file);
        command("insert", new Document("insert", "tickets").append("documents", List.of(new Document("_id", "t-1"))));
        command("insert", new Document("insert", "tickets").append("documents", List.of(new Document("_id", "t-2"))));
        backend.close();
        backend = null;
        byte[] bytes = Files.readAllBytes(file);
        bytes[12] ^= 0x55; // inside the first frame's body
        Files.write(file, bytes);

        assertThatThrownBy(() -> JournaledMemoryBackend.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged at byte 0");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aJournalMuchLargerThanItsDataIsRewrittenAsASnapshotWhenOpened() throws IOException {
        Path file = dir.resolve("store.journal");
        backend = JournaledMemoryBackend.open(file);
        command("createIndexes", new Document("createIndexes", "tickets").append("indexes", List.of(
                new Document("key", new Document("_id", 1).append("n", 1)).append("name", "guard").append("unique",
                        true))));
        command("insert", new Document("insert", "tickets").append("documents", List.of(
                new Document("_id", "t-1").append("n", 0), new Document("_id", "t-2").append("n", 0))));
        for (int n = 1; n <= 1500; n++) {
            command("update", new Document("update", "tickets").append("updates", List.of(new Document("q",
                    new Document("_id", "t-1").append("n", n - 1)).append("u",
                    new Document("$set", new Document("n", n))))));
        }
        backend.close();
        long grown = Files.size(file);

        backend = JournaledMemoryBackend.open(file);

        assertThat(Files.size(file)).isLessThan(grown / 20);
        // the snapshot's own reads are not the services': no command and no document counted for them
        Document status = backend.handleCommand(channel, "admin", "serverStatus", new Document("serverStatus", 1));
        assertThat((Document) status.get("ticketflowCommands")).isEmpty();
        assertThat((Document) status.get("ticketflowDocumentsExaminedByCollection")).isEmpty();
        assertThat(find("tickets", new Document())).containsExactlyInAnyOrder(
                new Document("_id", "t-1").append("n", 1500), new Document("_id", "t-2").append("n", 0));
        Document indexes = backend.handleCommand(channel, "ticketflow", "listIndexes",
                new Document("listIndexes", "tickets").append("$db", "ticketflow"));
        assertThat(indexes.toString()).contains("guard");
        backend.close();
        backend = JournaledMemoryBackend.open(file);
        assertThat(find("tickets", new Document("_id", "t-1"))).containsExactly(
                new Document("_id", "t-1").append("n", 1500));
    }

    @Test
    void aDataDirFromBeforeTheJournalHasItsH2StoreImportedOnce() throws IOException {
        Path h2 = dir.resolve(EmbeddedMongo.H2_FILE);
        H2Backend old = new H2Backend(new MVStore.Builder().fileName(h2.toString()).autoCommitDisabled().open());
        old.handleCommand(channel, "ticketflow", "createIndexes", new Document("createIndexes", "tickets")
                .append("indexes", List.of(new Document("key", new Document("ref", 1)).append("name", "ref_1")
                        .append("unique", true))).append("$db", "ticketflow"));
        old.handleCommand(channel, "ticketflow", "insert", new Document("insert", "tickets").append("documents",
                List.of(new Document("_id", "t-1").append("ref", "A"))).append("$db", "ticketflow"));
        old.close();

        backend = EmbeddedMongo.openStore(dir);

        assertThat(find("tickets", new Document())).containsExactly(new Document("_id", "t-1").append("ref", "A"));
        assertThat(dir.resolve(EmbeddedMongo.H2_FILE)).doesNotExist();
        assertThat(dir.resolve(EmbeddedMongo.H2_FILE + ".imported")).exists();
        backend.close();
        backend = EmbeddedMongo.openStore(dir);
        assertThat(find("tickets", new Document())).containsExactly(new Document("_id", "t-1").append("ref", "A"));
        assertThat(insertAnswer(new Document("_id", "t-2").append("ref", "A")).toString()).contains("E11000");
    }

    /** The answer to inserting {@code document} into tickets: a refusal is a write error in it, not a throw. */
    private Object insertAnswer(Document document) {
        return backend.handleCommand(channel, "ticketflow", "insert", new Document("insert", "tickets")
                .append("documents", List.of(document)).append("$db", "ticketflow")).get("writeErrors");
    }
}
