package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.nio.file.Files;
import java.nio.file.Path;

/** A MongoDB-wire server on an H2 file: the real reactive driver talks to it, and data survives restarts. */
final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final H2Backend backend;
    private final String uri;

    private EmbeddedMongo(MongoServer server, H2Backend backend, String uri) {
        this.server = server;
        this.backend = backend;
        this.uri = uri;
    }

    static EmbeddedMongo start(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        H2Backend backend = new DurableH2Backend(dir.resolve("ticketflow.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new EmbeddedMongo(server, backend, "mongodb://127.0.0.1:" + port);
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
