package io.ticketflow.devstack.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects every ERROR logged in this JVM (the devstack runs all services here) while it is open: for tests that
 * claim something happens without a single failure, e.g. that acknowledgements of revoked partitions are dropped
 * safely rather than thrown at the code that finished the work.
 */
final class LoggedErrors extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Logger root;

    private LoggedErrors(Logger root) {
        this.root = root;
    }

    static LoggedErrors capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LoggedErrors appender = new LoggedErrors(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        appender.setContext(context);
        appender.setName("logged-errors");
        appender.start();
        appender.root.addAppender(appender);
        return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(": ")
                    .append(event.getFormattedMessage());
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
            }
            errors.add(line.toString());
        }
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
