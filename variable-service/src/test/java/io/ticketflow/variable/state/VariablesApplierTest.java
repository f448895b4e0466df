package io.ticketflow.variable.state;

import io.ticketflow.contracts.event.AutomaticNodeCompleted;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VariablesApplierTest {

    private static final Instant T0 = Instant.parse("2025-06-17T08:00:00Z");

    private static RecordedEvent recorded(long seq, String actor, TicketEvent event) {
        return new RecordedEvent(seq, T0.plusSeconds(seq), actor, "cmd-" + seq, event);
    }

    private static TicketCreated created(Map<String, Object> data) {
        return new TicketCreated("flow-1", 1, "name", "description", "alice", data);
    }

    @Test
    void startDataBecomesTheVariablesWithAHistoryEntryPerKey() {
        VariableState state = VariablesApplier.apply(VariableState.EMPTY,
                recorded(1, "alice", created(Map.of("amount", 10))));

        assertThat(state.variables()).containsExactly(Map.entry("amount", 10));
        assertThat(state.lastSeq()).isEqualTo(1);
        assertThat(state.history()).containsExactly(new HistoryEntry(1, T0.plusSeconds(1), "alice", null, null,
                "TicketCreated", List.of(new VariableChange("amount", null, 10))));
    }

    @Test
    void submittedDataIsMergedTopLevelAndOnlyChangedKeysAreRecorded() {
        VariableState afterCreate = VariablesApplier.apply(VariableState.EMPTY,
                recorded(1, "alice", created(Map.of("amount", 10, "region", "eu", "meta", Map.of("a", 1, "b", 2)))));

        VariableState state = VariablesApplier.apply(afterCreate, recorded(2, "bob",
                new WorkItemSubmitted("d-1", "Task_1", Map.of("amount", 20, "region", "eu", "meta", Map.of("a", 1),
                        "approved", true))));

        // top-level keys are replaced as a whole, nested objects are not merged
        assertThat(state.variables()).isEqualTo(Map.of("amount", 20, "region", "eu", "meta", Map.of("a", 1),
                "approved", true));
        HistoryEntry entry = state.history().get(1);
        assertThat(entry.seq()).isEqualTo(2);
        assertThat(entry.actor()).isEqualTo("bob");
        assertThat(entry.nodeId()).isEqualTo("Task_1");
        assertThat(entry.dataId()).isEqualTo("d-1");
        assertThat(entry.source()).isEqualTo("WorkItemSubmitted");
        assertThat(entry.changes()).containsExactlyInAnyOrder(
                new VariableChange("amount", 10, 20),
                new VariableChange("meta", Map.of("a", 1, "b", 2), Map.of("a", 1)),
                new VariableChange("approved", null, true));
    }

    @Test
    void anEventAtOrBelowTheLastAppliedSeqChangesNothing() {
        VariableState state = VariablesApplier.applyAll(VariableState.EMPTY, List.of(
                recorded(1, "alice", created(Map.of("amount", 10))),
                recorded(2, "bob", new VariablesUpdated("Task_1", Map.of("amount", 20)))));

        VariableState redelivered = VariablesApplier.applyAll(state, List.of(
                recorded(1, "alice", created(Map.of("amount", 10))),
                recorded(2, "bob", new VariablesUpdated("Task_1", Map.of("amount", 20)))));

        assertThat(redelivered).isEqualTo(state);
        assertThat(redelivered.history()).hasSize(2);
    }

    @Test
    void aBatchOverlappingWhatWasAppliedOnlyAppliesItsNewEvents() {
        VariableState state = VariablesApplier.apply(VariableState.EMPTY,
                recorded(1, "alice", created(Map.of("amount", 10))));

        VariableState next = VariablesApplier.applyAll(state, List.of(
                recorded(1, "alice", created(Map.of("amount", 99))),
                recorded(2, "bob", new VariablesUpdated("Task_1", Map.of("amount", 20)))));

        assertThat(next.variables()).containsExactly(Map.entry("amount", 20));
        assertThat(next.history()).extracting(HistoryEntry::seq).containsExactly(1L, 2L);
        assertThat(next.history().get(1).changes()).containsExactly(new VariableChange("amount", 10, 20));
    }

    @Test
    void eventsWithoutDataOnlyAdvanceTheSeq() {
        VariableState state = VariablesApplier.apply(VariableState.EMPTY,
                recorded(1, "alice", created(Map.of("amount", 10))));

        VariableState next = VariablesApplier.applyAll(state, List.of(
                recorded(2, RecordedEvent.SYSTEM, new WorkItemActivated("d-1", "Task_1", "Approve", List.of("bob"),
                        List.of())),
                recorded(3, RecordedEvent.SYSTEM, new TicketCompleted())));

        assertThat(next.lastSeq()).isEqualTo(3);
        assertThat(next.variables()).isEqualTo(state.variables());
        assertThat(next.history()).isEqualTo(state.history());
    }

    @Test
    void dataThatRepeatsTheCurrentValuesLeavesNoHistoryEntry() {
        VariableState state = VariablesApplier.apply(VariableState.EMPTY,
                recorded(1, "alice", created(Map.of("amount", 10))));

        VariableState next = VariablesApplier.apply(state,
                recorded(2, "bob", new VariablesUpdated("Task_1", Map.of("amount", 10))));

        assertThat(next.lastSeq()).isEqualTo(2);
        assertThat(next.history()).hasSize(1);
    }

    @Test
    void aVariableFirstSetToNullExistsAndIsRecorded() {
        Map<String, Object> data = new HashMap<>();
        data.put("note", null);

        VariableState state = VariablesApplier.apply(VariableState.EMPTY, recorded(1, "alice", created(data)));

        assertThat(state.variables()).containsKey("note");
        assertThat(state.history().get(0).changes()).containsExactly(new VariableChange("note", null, null));
    }

    @Test
    void everyDataCarryingEventChangesVariablesAndNamesItsSource() {
        VariableState state = VariablesApplier.applyAll(VariableState.EMPTY, List.of(
                recorded(1, "alice", created(Map.of("v", 1))),
                recorded(2, "bob", new WorkItemSubmitted("d-1", "Task_1", Map.of("v", 2))),
                recorded(3, "carol", new VariablesUpdated("Task_2", Map.of("v", 3))),
                recorded(4, RecordedEvent.SYSTEM,
                        new AutomaticNodeCompleted("d-2", "Service_1", "Call", Map.of("v", 4))),
                recorded(5, "dave", new NodeRetried("d-2", "Service_1", "produce", Map.of("v", 5))),
                recorded(6, "erin", new TicketClosed("Task_3", Map.of("v", 6), "done"))));

        assertThat(state.variables()).containsExactly(Map.entry("v", 6));
        assertThat(state.history()).extracting(HistoryEntry::source).containsExactly("TicketCreated",
                "WorkItemSubmitted", "VariablesUpdated", "AutomaticNodeCompleted", "NodeRetried", "TicketClosed");
        assertThat(state.history()).extracting(HistoryEntry::nodeId).containsExactly(null, "Task_1", "Task_2",
                "Service_1", "Service_1", "Task_3");
        assertThat(state.history()).extracting(HistoryEntry::dataId).containsExactly(null, "d-1", null, "d-2",
                "d-2", null);
        assertThat(state.history()).extracting(entry -> entry.changes().get(0))
                .containsExactly(new VariableChange("v", null, 1), new VariableChange("v", 1, 2),
                        new VariableChange("v", 2, 3), new VariableChange("v", 3, 4), new VariableChange("v", 4, 5),
                        new VariableChange("v", 5, 6));
    }
}
