package io.ticketflow.flow.decisions;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;

/**
 * Reads DMN documents for deployment and evaluation. Untrusted text: no DOCTYPE (no entities), bounded size, and FEEL
 * only — JUEL and script languages reach Java objects, which a decision has no business calling.
 */
final class DmnReader {

    private static final Pattern EXPRESSION_LANGUAGE = Pattern.compile("expressionLanguage\\s*=\\s*[\"']([^\"']*)[\"']");

    private final DmnEngine engine;
    private final int maxBytes;

    DmnReader(DmnEngine engine, int maxBytes) {
        this.engine = engine;
        this.maxBytes = maxBytes;
    }

    /** Every decision of the document, its required decisions resolved; refused with {@code INVALID_DMN}. */
    List<DmnDecision> read(String xml) {
        check(xml);
        try {
            return engine.parseDecisions(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw invalid("the DMN engine cannot read the document: " + message(e));
        }
    }

    /** The decision {@code key} of a stored document (checked when it was deployed). */
    DmnDecision read(String xml, String key) {
        return engine.parseDecision(key, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private void check(String xml) {
        if (xml == null || xml.isBlank()) {
            throw invalid("the body must be a DMN document (XML)");
        }
        if (xml.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "a DMN document may have at most " + maxBytes
                    + " bytes");
        }
        String upper = xml.toUpperCase(Locale.ROOT);
        if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
            throw invalid("DOCTYPE is not allowed");
        }
        Matcher languages = EXPRESSION_LANGUAGE.matcher(xml);
        while (languages.find()) {
            String language = languages.group(1).trim();
            if (!language.toLowerCase(Locale.ROOT).contains("feel")) {
                throw invalid("expressionLanguage '" + language + "' is not allowed: decisions are evaluated with"
                        + " FEEL only");
            }
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_DMN, message);
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
