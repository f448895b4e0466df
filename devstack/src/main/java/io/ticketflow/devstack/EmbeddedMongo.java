package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire server over the journaled in-memory store: the real reactive driver talks to it, and data
 * survives restarts and {@code kill -9} ({@link JournaledMemoryBackend}).
 */
final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String JOURNAL = "ticketflow.journal";
    /** The H2 file of dev stacks before the journal; imported once, then kept aside as {@code .imported}. */
    static final String H2_FILE = "ticketflow.mv";

    private final MongoServer server;
    private final JournaledMemoryBackend backend;
    private final String uri;

    private EmbeddedMongo(MongoServer server, JournaledMemoryBackend backend, String uri) {
        this.server = server;
        this.backend = backend;
        this.uri = uri;
    }

    static EmbeddedMongo start(Path dir, int port) throws IOException {
        JournaledMemoryBackend backend = openStore(dir);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new EmbeddedMongo(server, backend, "mongodb://127.0.0.1:" + port);
    }

    /** The store in {@code dir}; a data dir from before the journal has its H2 file imported first. */
    static JournaledMemoryBackend openStore(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path journal = dir.resolve(JOURNAL);
        Path h2 = dir.resolve(H2_FILE);
        if (Files.exists(journal) || !Files.exists(h2)) {
            return JournaledMemoryBackend.open(journal);
        }
        log.info("importing the H2 store {} into {} (once)", h2, journal);
        H2Backend old = new H2Backend(new MVStore.Builder().fileName(h2.toString()).autoCommitDisabled().open());
        JournaledMemoryBackend backend;
        try {
            backend = JournaledMemoryBackend.importing(journal, old);
        } finally {
            old.close();
        }
        // the journal is whole (written through a rename) before the old file moves aside
        Files.move(h2, dir.resolve(H2_FILE + ".imported"));
        return backend;
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
