package io.ticketflow.flow.engine.parse;

import static io.ticketflow.flow.engine.parse.BpmnParserTest.definitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile documents: refused as problems, never as exceptions, and without touching files or the network. */
class BpmnParserSecurityTest {

    private static final Problem DOCTYPE = new Problem(null, "DOCTYPE is not allowed");

    private final BpmnParser parser = new BpmnParser(new ExpressionEvaluator());
    /** Counts every request, so a parser that fetched an external DTD or entity would be caught. */
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<!ENTITY leak \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void externalEntityReadingALocalFileIsRefused(@TempDir Path dir) throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-42");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + definitions("<bpmn:startEvent id=\"s\" name=\"&xxe;\"/><bpmn:endEvent id=\"e\"/>"
                + "<bpmn:sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>").replaceFirst("<\\?xml[^>]*>", "");

        ParseResult result = parser.parse(xml);

        assertThat(result.model()).isNull();
        assertThat(result.problems()).containsExactly(DOCTYPE);
    }

    @Test
    void evenAHarmlessDoctypeIsRefused() {
        String xml = "<!DOCTYPE bpmn:definitions>\n" + definitions("<bpmn:startEvent id=\"s\"/><bpmn:endEvent id=\"e\"/>"
                + "<bpmn:sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>").replaceFirst("<\\?xml[^>]*>", "");

        assertThat(parser.parse(xml).problems()).containsExactly(DOCTYPE);
    }

    @Test
    void externalDtdAndParameterEntitiesAreNeverFetched() {
        String externalDtd = "<!DOCTYPE bpmn:definitions SYSTEM \"" + url("/evil.dtd") + "\">\n" + definitions("");
        String parameterEntity = "<!DOCTYPE d [<!ENTITY % remote SYSTEM \"" + url("/param.dtd") + "\"> %remote;]>\n"
                + definitions("");

        assertThat(parser.parse(externalDtd).problems()).containsExactly(DOCTYPE);
        assertThat(parser.parse(parameterEntity).problems()).containsExactly(DOCTYPE);
        assertThat(requests).hasValue(0);
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = dtd + definitions("<bpmn:startEvent id=\"s\" name=\"&lol9;\"/>").replaceFirst("<\\?xml[^>]*>", "");

        ParseResult result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> parser.parse(xml));

        assertThat(result.problems()).containsExactly(DOCTYPE);
    }

    @Test
    void xincludeIsNotProcessed() {
        String xml = definitions("""
                <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s" parse="text"/>
                <bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>
                <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>
                """.formatted(url("/include.xml")));

        ParseResult result = parser.parse(xml);

        assertThat(result.problems()).isEmpty();
        assertThat(requests).hasValue(0);
    }

    @Test
    void documentsOverTheSizeLimitAreRefusedBeforeParsing() {
        String xml = definitions("<bpmn:startEvent id=\"s\"/><bpmn:endEvent id=\"e\"/>"
                + "<bpmn:sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>");
        int size = xml.getBytes(StandardCharsets.UTF_8).length;

        assertThat(new BpmnParser(new ExpressionEvaluator(), size).parse(xml).problems()).isEmpty();
        assertThat(new BpmnParser(new ExpressionEvaluator(), size - 1).parse(xml).problems())
                .containsExactly(new Problem(null, "BPMN document exceeds " + (size - 1) + " bytes"));
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        String xml = definitions("<bpmn:startEvent id=\"s\" name=\"" + "工单".repeat(100) + "\"/><bpmn:endEvent id=\"e\"/>"
                + "<bpmn:sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/>");
        int limit = xml.length() + 100;
        assertThat(xml.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(limit);

        assertThat(new BpmnParser(new ExpressionEvaluator(), limit).parse(xml).problems())
                .containsExactly(new Problem(null, "BPMN document exceeds " + limit + " bytes"));
    }

    @Test
    void theDefaultLimitIsOneMebibyte() {
        String padding = "<bpmn:documentation>" + "x".repeat(BpmnParser.DEFAULT_MAX_BYTES) + "</bpmn:documentation>";

        assertThat(parser.parse(definitions(padding)).problems())
                .containsExactly(new Problem(null, "BPMN document exceeds 1048576 bytes"));
    }
}
