package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoServer;

import java.nio.file.Path;

/** The devstack's store alone in a JVM of its own, so a test can kill -9 it: {@code <data dir> <port>}. */
public final class StoreProcess {

    private StoreProcess() {
    }

    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(EmbeddedMongo.openStore(Path.of(args[0])));
        server.bind("127.0.0.1", Integer.parseInt(args[1]));
        System.out.println("STORE READY");
        Thread.currentThread().join();
    }
}
