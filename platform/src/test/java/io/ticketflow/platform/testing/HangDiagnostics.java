package io.ticketflow.platform.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A test that gave up waiting for an answer (WebTestClient's "Timeout on blocking read") fails with the threads that
 * could be holding it up in its message: the Mongo driver and wire server, Netty, Reactor, Kafka and Spring. CI shows
 * only the console, and a rare request that is never answered (seen in gateway and notification-service tests) has
 * so far left no other trace. Registered for every test by auto-detection (parent POM).
 */
public final class HangDiagnostics implements TestExecutionExceptionHandler {

    private static final Set<String> INTERESTING = Set.of("mongo", "netty", "reactor", "kafka", "springframework",
            "ticketflow", "h2");
    private static final int FRAMES = 14;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (!isAnswerTimeout(failure)) {
            throw failure;
        }
        AssertionError explained = new AssertionError(failure.getMessage()
                + "\n--- threads when the test gave up (HangDiagnostics) ---\n" + dump(), failure);
        throw explained;
    }

    private static boolean isAnswerTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || String.valueOf(t.getMessage()).contains("Timeout on blocking read")) {
                return true;
            }
        }
        return false;
    }

    private static String dump() {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        return all.entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> INTERESTING.stream()
                        .anyMatch(word -> f.getClassName().contains(word))))
                .filter(e -> !parkedIdle(e.getValue()))
                .map(e -> e.getKey().getName() + " " + e.getKey().getState() + "\n" + Arrays.stream(e.getValue())
                        .limit(FRAMES).map(f -> "    at " + f).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    /** Event loops waiting in epoll and pool threads waiting for work say nothing about a hang. */
    private static boolean parkedIdle(StackTraceElement[] frames) {
        if (frames.length == 0) {
            return true;
        }
        String top = frames[0].getClassName() + "." + frames[0].getMethodName();
        String all = Arrays.stream(frames).limit(6).map(StackTraceElement::toString).collect(Collectors.joining(" "));
        return top.contains("epollWait") || top.contains("EPoll") || all.contains("SelectorImpl.select")
                || all.contains("LinkedBlockingQueue.take") || all.contains("ScheduledThreadPoolExecutor$DelayedWorkQueue.take")
                || all.contains("SynchronousQueue") && all.contains("ThreadPoolExecutor.getTask");
    }
}
