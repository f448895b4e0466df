package io.ticketflow.gateway.web;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A canary for a Reactor Netty defect (reactor-netty #4347, #4361): once requests that arrived while an earlier one
 * was still being answered have been answered, the server stops reading that keep-alive connection for good, so the
 * next request on it is answered by no one — the rare hang of our CI runs. The parent POM makes every server a test
 * starts close its connections after each answer because of it. When this test fails, the Reactor Netty in use
 * answers the last request: drop {@code server.netty.max-keep-alive-requests} from the POM, and turn the last
 * assertion around.
 */
class KeepAliveServerTest {

    @Test
    void theReactorNettyInUseStillStopsReadingAKeepAliveConnectionAfterQueuedRequests() throws Exception {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(request.uri().equals("/slow")
                        ? Mono.delay(Duration.ofMillis(50)).thenReturn("slow") : Mono.just("fast")))
                .bindNow(Duration.ofSeconds(10));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            String request = "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n";
            // the second and third arrive while the first is still being answered: they wait in the server's queue
            out.write((request.formatted("/slow") + request.formatted("/fast") + request.formatted("/fast"))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int answered = answers(socket.getInputStream(), 3);
            assertThat(answered).as("answers to three queued requests").isEqualTo(3);

            out.write(request.formatted("/fast").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(answers(socket.getInputStream(), 1)).as("the connection stopped reading (the defect)")
                    .isZero();
        } finally {
            server.disposeNow();
        }
    }

    /** Counts complete answers (headers and a 4-byte body) until {@code wanted} or a 3 s silence. */
    private static int answers(InputStream in, int wanted) throws Exception {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        int answered = 0;
        try {
            while (answered < wanted) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                answered = count(seen.toString());
            }
        } catch (SocketTimeoutException stalled) {
            // fewer answers than requests: what the test reports
        }
        return answered;
    }

    private static int count(String text) {
        int count = 0;
        for (int at = text.indexOf("\r\n\r\n"); at >= 0; at = text.indexOf("\r\n\r\n", at + 4)) {
            int bodyStart = at + 4;
            if (text.length() >= bodyStart + 4) {
                count++;
            }
        }
        return count;
    }
}
