package io.ticketflow.gateway.omflow;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.messaging.TicketIds;
import io.ticketflow.platform.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OMFLOW REST dialect (seed 003), kept free of I/O: its fields, its {@code formdata} list, and its answers
 * {@code {"status":"200"|"404","message","result"|"error"}} in the seed's key order.
 */
public final class OmflowProtocol {

    public static final String SECURITY = "security";
    public static final String RESTAPI = "omflow_restapi";
    public static final String ACTION = "action";
    public static final String FORMDATA = "formdata";
    public static final String DATA_NO = "data_no";
    public static final String DATA_ID = "data_id";
    public static final String FILES = "files";
    /** Not in the seed: the user a create opens the ticket for (the start verification goes to their inbox). */
    public static final String USER = "user";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";

    private static final int MAX_USER_LENGTH = 256;

    /** The three actions, with the seed's messages. */
    public enum Action {
        CREATE("開單成功。", "開單失敗。"),
        SEARCH("查詢成功。", "查詢失敗。"),
        PUSH("推單成功。", "推單失敗。");

        private final String succeeded;
        private final String failed;

        Action(String succeeded, String failed) {
            this.succeeded = succeeded;
            this.failed = failed;
        }

        public String succeeded() {
            return succeeded;
        }

        public String failed() {
            return failed;
        }

        /** Null for anything but {@code create}, {@code search}, {@code push} (case and spaces forgiven). */
        public static Action parse(String action) {
            if (action == null) {
                return null;
            }
            return switch (action.strip().toLowerCase(Locale.ROOT)) {
                case "create" -> CREATE;
                case "search" -> SEARCH;
                case "push" -> PUSH;
                default -> null;
            };
        }
    }

    private OmflowProtocol() {
    }

    /** {@code omflow_restapi} must be 1 (Python clients send the integer, which a form carries as "1"). */
    public static void requireRestApi(String value) {
        if (value == null || !value.strip().equals("1")) {
            throw invalid(RESTAPI + " must be 1");
        }
    }

    /**
     * {@code [{"id":"FORMITM_2","value":…}, …]} as the data map {@code id → value}; later duplicates win. A missing
     * or blank formdata is {@code []}. Values keep their JSON type.
     */
    public static Map<String, Object> formdata(String raw) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return data;
        }
        JsonNode list;
        try {
            list = Json.MAPPER.readTree(raw);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST,
                    FORMDATA + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (list == null || !list.isArray()) {
            throw invalid(FORMDATA + " must be a JSON array of {\"id\",\"value\"}");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            JsonNode id = item.get("id");
            if (!item.isObject() || id == null || !id.isString() || id.stringValue().isBlank()) {
                throw invalid(FORMDATA + "[" + i + "] must be an object with a string \"id\"");
            }
            JsonNode value = item.get("value");
            data.put(id.stringValue().strip(),
                    value == null || value.isNull() ? null : Json.MAPPER.treeToValue(value, Object.class));
        }
        return data;
    }

    /** A data_no must be a ticket id; anything else cannot name one. */
    public static String ticketId(String dataNo) {
        String id = dataNo == null ? "" : dataNo.strip();
        if (!TicketIds.isValid(id)) {
            throw new ApiException(ErrorCode.TICKET_NOT_FOUND, "No ticket '" + id + "' on this flow");
        }
        return id;
    }

    /** A data_id is {@code <ticketId>-<n>}: the ticket it belongs to. */
    public static String ticketIdOfDataId(String dataId) {
        String id = dataId == null ? "" : dataId.strip();
        int dash = id.indexOf('-');
        if (id.isEmpty() || dash <= 0 || !TicketIds.isValid(id.substring(0, dash))) {
            throw new ApiException(ErrorCode.WORK_ITEM_NOT_FOUND, "No work item '" + id + "' on this flow");
        }
        return id.substring(0, dash);
    }

    /** The optional {@code user} a create acts for; null when absent. */
    public static String user(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > MAX_USER_LENGTH) {
            throw invalid(USER + " is too long");
        }
        return value.strip();
    }

    /** {@code [{"data_id","stop_chart_text"}]} for the ticket's work items, always an array. */
    public static List<Map<String, Object>> stops(JsonNode ticket) {
        List<Map<String, Object>> stops = new ArrayList<>();
        JsonNode items = ticket == null ? null : ticket.get("workItems");
        if (items == null || !items.isArray()) {
            return stops;
        }
        for (JsonNode item : items) {
            Map<String, Object> stop = new LinkedHashMap<>();
            stop.put("data_id", text(item, "dataId"));
            String name = text(item, "nodeName");
            stop.put("stop_chart_text", name == null || name.isBlank() ? text(item, "nodeId") : name);
            stops.add(stop);
        }
        return stops;
    }

    public static Map<String, Object> success(Action action, Object result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "200");
        answer.put("message", action.succeeded());
        answer.put("result", result);
        return answer;
    }

    /** @param action null when the action could not be read: the create message, the seed's first. */
    public static Map<String, Object> failure(Action action, String error) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "404");
        answer.put("message", (action == null ? Action.CREATE : action).failed());
        answer.put("error", error);
        return answer;
    }

    /** {@code CODE: why}, e.g. {@code REQUIRED_FIELD_MISSING: Required field missing: title}. */
    public static String error(String code, String message) {
        return (code == null || code.isBlank() ? ErrorCode.INTERNAL_ERROR.name() : code)
                + ": " + (message == null || message.isBlank() ? "no details" : message);
    }

    public static String error(ApiException e) {
        return error(e.code().name(), e.getMessage());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
