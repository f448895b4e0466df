package io.ticketflow.devstack;

import de.bwaldvogel.mongo.MongoServer;

/** The devstack's store alone in a JVM of its own, so a test can kill -9 it: {@code <file> <port>}. */
public final class StoreProcess {

    private StoreProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new DurableH2Backend(args[0]));
        server.bind("127.0.0.1", Integer.parseInt(args[1]));
        System.out.println("STORE READY");
        Thread.currentThread().join();
    }
}
