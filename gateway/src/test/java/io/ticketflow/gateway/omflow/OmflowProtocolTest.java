package io.ticketflow.gateway.omflow;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.gateway.omflow.OmflowProtocol.Action;
import io.ticketflow.platform.web.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OmflowProtocolTest {

    @Test
    void formdataBecomesTheDataMapKeepingValueTypes() {
        Map<String, Object> data = OmflowProtocol.formdata(
                "[{\"id\":\"FORMITM_2\",\"value\":\"<輸入>\"},{\"id\":\"n\",\"value\":3},{\"id\":\"list\",\"value\":[1,2]},"
                        + "{\"id\":\"none\"},{\"id\":\"n\",\"value\":4}]");
        assertThat(data).containsEntry("FORMITM_2", "<輸入>").containsEntry("n", 4).containsEntry("list", List.of(1, 2))
                .containsEntry("none", null);
        assertThat(data.keySet()).containsExactly("FORMITM_2", "n", "list", "none");
    }

    @Test
    void aMissingOrEmptyFormdataIsAnEmptyList() {
        assertThat(OmflowProtocol.formdata(null)).isEmpty();
        assertThat(OmflowProtocol.formdata("  ")).isEmpty();
        assertThat(OmflowProtocol.formdata("[]")).isEmpty();
    }

    @Test
    void malformedFormdataIsRefusedWithAReason() {
        assertCode(() -> OmflowProtocol.formdata("[{\"id\":"), ErrorCode.MALFORMED_REQUEST);
        assertCode(() -> OmflowProtocol.formdata("{\"id\":\"a\"}"), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> OmflowProtocol.formdata("[{\"value\":1}]"), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> OmflowProtocol.formdata("[{\"id\":7,\"value\":1}]"), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> OmflowProtocol.formdata("[\"a\"]"), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aDataIdNamesItsTicket() {
        assertThat(OmflowProtocol.ticketIdOfDataId("1750146013372477-3")).isEqualTo("1750146013372477");
        assertThat(OmflowProtocol.ticketIdOfDataId(" 42-1 ")).isEqualTo("42");
        assertCode(() -> OmflowProtocol.ticketIdOfDataId("abc-1"), ErrorCode.WORK_ITEM_NOT_FOUND);
        assertCode(() -> OmflowProtocol.ticketIdOfDataId("-1"), ErrorCode.WORK_ITEM_NOT_FOUND);
        assertCode(() -> OmflowProtocol.ticketIdOfDataId("42"), ErrorCode.WORK_ITEM_NOT_FOUND);
        assertCode(() -> OmflowProtocol.ticketIdOfDataId(null), ErrorCode.WORK_ITEM_NOT_FOUND);
        assertCode(() -> OmflowProtocol.ticketId("x1"), ErrorCode.TICKET_NOT_FOUND);
        assertThat(OmflowProtocol.ticketId(" 1750146013372477 ")).isEqualTo("1750146013372477");
    }

    @Test
    void onlyRestApiOneIsAccepted() {
        OmflowProtocol.requireRestApi("1");
        OmflowProtocol.requireRestApi(" 1 ");
        assertCode(() -> OmflowProtocol.requireRestApi("0"), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> OmflowProtocol.requireRestApi(null), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void actionsAreReadForgivingly() {
        assertThat(Action.parse("create")).isEqualTo(Action.CREATE);
        assertThat(Action.parse(" Search ")).isEqualTo(Action.SEARCH);
        assertThat(Action.parse("PUSH")).isEqualTo(Action.PUSH);
        assertThat(Action.parse("delete")).isNull();
        assertThat(Action.parse(null)).isNull();
    }

    @Test
    void answersKeepTheSeedsShapeAndKeyOrder() {
        assertThat(new String(Json.write(OmflowProtocol.success(Action.CREATE, "1750146013372477"))))
                .isEqualTo("{\"status\":\"200\",\"message\":\"開單成功。\",\"result\":\"1750146013372477\"}");
        assertThat(new String(Json.write(OmflowProtocol.success(Action.SEARCH, List.of()))))
                .isEqualTo("{\"status\":\"200\",\"message\":\"查詢成功。\",\"result\":[]}");
        assertThat(new String(Json.write(OmflowProtocol.success(Action.PUSH, ""))))
                .isEqualTo("{\"status\":\"200\",\"message\":\"推單成功。\",\"result\":\"\"}");
        assertThat(new String(Json.write(OmflowProtocol.failure(Action.PUSH, "NODE_NOT_ACTIVE: gone"))))
                .isEqualTo("{\"status\":\"404\",\"message\":\"推單失敗。\",\"error\":\"NODE_NOT_ACTIVE: gone\"}");
        assertThat(OmflowProtocol.failure(null, "x")).containsEntry("message", "開單失敗。");
        assertThat(OmflowProtocol.failure(Action.SEARCH, "x")).containsEntry("message", "查詢失敗。");
    }

    @Test
    void searchResultsListEveryWorkItemByDataIdAndNodeName() {
        var ticket = Json.MAPPER.readTree("{\"workItems\":[{\"dataId\":\"7-1\",\"nodeId\":\"A\",\"nodeName\":\"主管审批\"},"
                + "{\"dataId\":\"7-2\",\"nodeId\":\"B\",\"nodeName\":null}]}");
        assertThat(OmflowProtocol.stops(ticket)).containsExactly(
                Map.of("data_id", "7-1", "stop_chart_text", "主管审批"),
                Map.of("data_id", "7-2", "stop_chart_text", "B"));
        assertThat(OmflowProtocol.stops(Json.MAPPER.readTree("{\"workItems\":[]}"))).isEmpty();
        assertThat(OmflowProtocol.stops(Json.MAPPER.readTree("{}"))).isEmpty();
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
