package io.ticketflow.gateway.reliability;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.web.GatewayProblem;
import io.ticketflow.gateway.web.PayloadProperties;
import io.ticketflow.platform.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/** Checks every write shares: the optimistic {@code expectedVersion}, and the size and depth of {@code data}. */
@Component
public class WriteGuards {

    public static final String EXPECTED_VERSION = "expectedVersion";

    private final long maxDataBytes;
    private final int maxDepth;

    public WriteGuards(PayloadProperties properties) {
        this.maxDataBytes = properties.maxVariablesBytes().toBytes();
        this.maxDepth = properties.maxVariablesDepth();
    }

    /**
     * The version the caller expects the ticket at: body field {@code expectedVersion} (a non-negative integer) or
     * header {@code If-Match: "<version>"} (quotes optional); both given must agree. Null when neither is.
     */
    public static Long expectedVersion(JsonNode body, String ifMatch) {
        Long fromBody = null;
        JsonNode node = body == null ? null : body.get(EXPECTED_VERSION);
        if (node != null && !node.isNull()) {
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
                throw invalid(EXPECTED_VERSION + " must be a non-negative integer (the ticket's version)");
            }
            fromBody = node.longValue();
        }
        Long fromHeader = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            String value = ifMatch.strip();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
                throw invalid(HttpHeaders.IF_MATCH + " must be the ticket's version, e.g. \"7\"");
            }
            fromHeader = Long.parseLong(value);
        }
        if (fromBody != null && fromHeader != null && !fromBody.equals(fromHeader)) {
            throw invalid(EXPECTED_VERSION + " and " + HttpHeaders.IF_MATCH + " disagree");
        }
        return fromBody != null ? fromBody : fromHeader;
    }

    /** The body's {@code data} object must stay within the variables' size and nesting limits. */
    public void checkData(JsonNode body) {
        JsonNode data = body == null ? null : body.get("data");
        if (data != null && !data.isNull()) {
            check(data);
        }
    }

    public void checkData(Map<String, Object> data) {
        if (data != null && !data.isEmpty()) {
            check(Json.MAPPER.valueToTree(data));
        }
    }

    private void check(JsonNode data) {
        if (depth(data, 0) > maxDepth) {
            throw new GatewayProblem(GatewayProblem.DATA_TOO_DEEP, 422,
                    "data is nested deeper than " + maxDepth + " levels");
        }
        int size = Json.write(data).length;
        if (size > maxDataBytes) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "data is " + size + " bytes as JSON; at most " + maxDataBytes + " are accepted");
        }
    }

    /** Containers count one level each; stops early once past the limit. */
    private int depth(JsonNode node, int above) {
        if (!node.isContainer()) {
            return above;
        }
        int level = above + 1;
        if (level > maxDepth) {
            return level;
        }
        int deepest = level;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, level));
            if (deepest > maxDepth) {
                return deepest;
            }
        }
        return deepest;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
