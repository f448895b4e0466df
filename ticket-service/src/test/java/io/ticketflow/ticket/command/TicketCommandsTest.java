package io.ticketflow.ticket.command;

import io.ticketflow.contracts.ActorRole;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Principals;
import io.ticketflow.contracts.command.AddSigners;
import io.ticketflow.contracts.command.ClaimWorkItem;
import io.ticketflow.contracts.command.DelegateWorkItem;
import io.ticketflow.contracts.command.RemoveSigners;
import io.ticketflow.contracts.command.ReturnWorkItem;
import io.ticketflow.contracts.command.CloseTicket;
import io.ticketflow.contracts.command.CreateTicket;
import io.ticketflow.contracts.command.ReassignWorkItem;
import io.ticketflow.contracts.command.RetryNode;
import io.ticketflow.contracts.command.SubmitWorkItem;
import io.ticketflow.contracts.command.UnclaimWorkItem;
import io.ticketflow.contracts.command.UpdateVariables;
import io.ticketflow.contracts.command.VerifyTicket;
import io.ticketflow.contracts.event.AttachmentInfo;
import io.ticketflow.contracts.event.NodeRetried;
import io.ticketflow.contracts.event.RecordedEvent;
import io.ticketflow.contracts.event.TicketClosed;
import io.ticketflow.contracts.event.TicketCompleted;
import io.ticketflow.contracts.event.TicketCreated;
import io.ticketflow.contracts.event.TicketEvent;
import io.ticketflow.contracts.event.TicketVerificationRequested;
import io.ticketflow.contracts.event.VariablesUpdated;
import io.ticketflow.contracts.event.WorkItemActivated;
import io.ticketflow.contracts.event.WorkItemClaimed;
import io.ticketflow.contracts.event.WorkItemDelegated;
import io.ticketflow.contracts.event.WorkItemResolved;
import io.ticketflow.contracts.event.WorkItemReturned;
import io.ticketflow.contracts.event.WorkItemSigned;
import io.ticketflow.contracts.event.WorkItemSignersAdded;
import io.ticketflow.contracts.event.WorkItemSignersRemoved;
import io.ticketflow.contracts.event.WorkItemFailed;
import io.ticketflow.contracts.event.WorkItemReassigned;
import io.ticketflow.contracts.event.WorkItemSubmitted;
import io.ticketflow.contracts.event.WorkItemUnclaimed;
import io.ticketflow.contracts.flow.FormField;
import io.ticketflow.ticket.domain.Decision;
import io.ticketflow.ticket.domain.FlowCatalogEntry;
import io.ticketflow.ticket.domain.Ticket;
import io.ticketflow.ticket.domain.TicketApplier;
import io.ticketflow.ticket.domain.TicketStatus;
import io.ticketflow.ticket.domain.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Given events, when a command, then events or a rejection: the ticket aggregate without any infrastructure. */
class TicketCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final FlowCatalogEntry FLOW = new FlowCatalogEntry("flow-1", 3,
            List.of(new FormField("title", "标题", "string", true), new FormField("note", "备注", "string", false)),
            false);

    private final List<RecordedEvent> given = new ArrayList<>();

    private Ticket given(TicketEvent... events) {
        for (TicketEvent event : events) {
            given.add(new RecordedEvent(given.size() + 1, NOW, "system", null, event));
        }
        return TicketApplier.applyAll(Ticket.empty("100"), given);
    }

    private static CommandContext as(String user) {
        return new CommandContext("cmd", user, ActorRole.USER, NOW);
    }

    @Test
    void createOpensTheTicketOnTheLatestPublishedVersionWithTheDataAsVariables() {
        Decision decision = CreateTicketHandler.decide(given(),
                new CreateTicket("flow-1", "测试工单", "desc", Map.of("title", "disk full")), as("alice"),
                Optional.of(FLOW), List.of());

        assertThat(decision).isEqualTo(Decision.accept(CreateTicketHandler.DONE,
                new TicketCreated("flow-1", 3, "测试工单", "desc", "alice", Map.of("title", "disk full"))));
    }

    @Test
    void aFlowsInitiatorVariableIsTheOpenerWhateverTheDataSays() {
        FlowCatalogEntry withStarter = new FlowCatalogEntry("flow-1", 3, List.of(), false, "starter");

        Decision decision = CreateTicketHandler.decide(given(),
                new CreateTicket("flow-1", "t", "d", Map.of("title", "x", "starter", "mallory")), as("alice"),
                Optional.of(withStarter), List.of());

        assertThat(decision).isEqualTo(Decision.accept(CreateTicketHandler.DONE,
                new TicketCreated("flow-1", 3, "t", "d", "alice", Map.of("title", "x", "starter", "alice"))));
    }

    @Test
    void createWithoutARequiredStartFieldIsRefusedNamingTheField() {
        Decision decision = CreateTicketHandler.decide(given(),
                new CreateTicket("flow-1", "t", "d", Map.of("title", "  ", "note", "x")), as("alice"), Optional.of(FLOW), List.of());

        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
            assertThat(r.message()).contains("title").doesNotContain("note");
        });
    }

    @Test
    void anIntegrationOpensATicketAtATimerOrMessageStartEventWithoutTheStartForm() {
        FlowCatalogEntry withAlarm = new FlowCatalogEntry("flow-1", 3, FLOW.startForm(), true, "starter",
                List.of("StartEvent_Alarm"));
        CommandContext integration = new CommandContext("cmd", "monitoring", ActorRole.INTEGRATION, NOW);

        Decision opened = CreateTicketHandler.decide(given(), new CreateTicket("flow-1", null, null,
                Map.of("host", "db-01"), List.of(), "StartEvent_Alarm"), integration, Optional.of(withAlarm), List.of());

        assertThat(opened).as("no required title, no verification, no initiator: the form is the none start's")
                .isEqualTo(Decision.accept(CreateTicketHandler.DONE, new TicketCreated("flow-1", 3, "", "",
                        "monitoring", Map.of("host", "db-01"), List.of(), "StartEvent_Alarm")));
        assertThat(CreateTicketHandler.decide(given(), new CreateTicket("flow-1", null, null, Map.of(), List.of(),
                "Activity_Check"), integration, Optional.of(withAlarm), List.of()))
                .isInstanceOfSatisfying(Decision.Rejected.class, r -> {
                    assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(r.message()).contains("Activity_Check", "[StartEvent_Alarm]");
                });
        assertThat(CreateTicketHandler.decide(given(), new CreateTicket("flow-1", null, null, Map.of(), List.of(),
                "StartEvent_Alarm"), as("alice"), Optional.of(withAlarm), List.of()))
                .as("a person opens tickets at the flow's start event")
                .isInstanceOfSatisfying(Decision.Rejected.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void flowServiceOpensACallActivitysTicketOnTheBoundVersionWithoutTheStartForm() {
        CommandContext flowService = new CommandContext("call:200", "alice", ActorRole.INTEGRATION, NOW);
        var parent = new io.ticketflow.contracts.event.ParentLink("100", "100-1", "Activity_Call");

        Decision opened = CreateTicketHandler.decide(given(), new CreateTicket("flow-1", "开通服务器", "d",
                Map.of("server", "db-01"), List.of(), null, parent, 2), flowService, Optional.of(FLOW), List.of());

        assertThat(opened).isEqualTo(Decision.accept(CreateTicketHandler.DONE, new TicketCreated("flow-1", 2,
                "开通服务器", "d", "alice", Map.of("server", "db-01"), List.of(), null, parent)));
        assertThat(CreateTicketHandler.decide(given(), new CreateTicket("flow-1", "t", "d", Map.of(), List.of(), null,
                parent, 4), flowService, Optional.of(FLOW), List.of()))
                .as("version 4 of a flow whose latest is 3").isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(CreateTicketHandler.decide(given(), new CreateTicket("flow-1", "t", "d", Map.of("title", "x"),
                List.of(), null, parent, null), as("alice"), Optional.of(FLOW), List.of()))
                .as("a person cannot claim a parent").isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void createOnAnUnpublishedFlowIsRefused() {
        Decision decision = CreateTicketHandler.decide(given(), new CreateTicket("nope", "t", "d", Map.of()),
                as("alice"), Optional.empty(), List.of());

        assertThat(decision).isEqualTo(Decision.reject(ErrorCode.FLOW_NOT_FOUND,
                "Flow nope not found or not published yet"));
    }

    @Test
    void createRefusesVariableNamesMongoCannotStore() {
        Decision decision = CreateTicketHandler.decide(given(),
                new CreateTicket("flow-1", "t", "d", Map.of("title", "x", "a.b", 1)), as("alice"), Optional.of(FLOW), List.of());

        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void createRefusesANulInAFieldNameAtAnyDepth() {
        Decision decision = CreateTicketHandler.decide(given(), new CreateTicket("flow-1", "t", "d",
                Map.of("title", "x", "nest", Map.of("list", List.of(Map.of("k\u0000", 1))))), as("alice"),
                Optional.of(FLOW), List.of());

        assertThat(decision).isEqualTo(Decision.reject(ErrorCode.VALIDATION_FAILED,
                "Field names must not contain NUL (U+0000): nest.list[0].k\\u0000"));
    }

    @Test
    void aHandlerSubmitsTheWaitingWorkItemWithItsRequiredFields() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob", "carol"), List.of("result")));

        Decision decision = SubmitWorkItemHandler.decide(ticket,
                new SubmitWorkItem("Task_A", null, Map.of("result", "ok")), as("carol"));

        assertThat(decision).isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                new WorkItemSubmitted("100-1", "Task_A", Map.of("result", "ok"))));
    }

    @Test
    void someoneWhoIsNotAHandlerIsRefused() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()));

        Decision decision = SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()),
                as("mallory"));

        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
    }

    @Test
    void aMemberOfACandidateGroupSubmitsAndSomeoneInNoneOfItsGroupsIsRefused() {
        Ticket ticket = given(created(), new WorkItemActivated("100-1", "Task_A", "审批", List.of("bob"), List.of(),
                List.of("net-ops", "dba")));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("carol"),
                List.of(), Set.of("dba")))
                .isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE, new WorkItemSubmitted("100-1", "Task_A", Map.of())));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("mallory"),
                List.of(), Set.of("other-group")))
                .isInstanceOfSatisfying(Decision.Rejected.class, r -> {
                    assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER);
                    assertThat(r.message()).contains("候选组: [net-ops, dba]");
                });
        // the named handler needs no group
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void aWorkItemNamingNoOneIsOpenToAnyUser() {
        Ticket ticket = given(created(), new WorkItemActivated("100-1", "Task_A", "抢单", List.of(), List.of(),
                List.of()));

        assertThat(ticket.workItems().get(0).open()).isTrue();
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("anyone")))
                .isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void reassigningAGroupItemLeavesExactlyTheNewHandlers() {
        Ticket ticket = given(created(), new WorkItemActivated("100-1", "Task_A", "审批", List.of(), List.of(),
                List.of("net-ops")), new WorkItemReassigned("100-1", "Task_A", List.of(), List.of("dave"), null));

        assertThat(ticket.workItems().get(0).candidateGroups()).isEmpty();
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("erin"),
                List.of(), Set.of("net-ops"))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void aCandidateClaimsAndThenOnlyTheyActUntilTheyOrAnAdminUnclaim() {
        Ticket offered = given(created(), new WorkItemActivated("100-1", "Task_A", "审批", List.of("bob"), List.of(),
                List.of("net-ops")));
        SubmitWorkItem submit = new SubmitWorkItem("Task_A", null, Map.of());

        Decision claimed = CommandDecider.decide(offered, new ClaimWorkItem("Task_A", null), as("carol"),
                new CommandDecider.Lookups(Optional.empty(), List.of(), Set.of("net-ops")));
        assertThat(claimed).isEqualTo(Decision.accept(ClaimWorkItemHandler.CLAIMED,
                new WorkItemClaimed("100-1", "Task_A", "carol")));

        Ticket held = given(created(), new WorkItemActivated("100-1", "Task_A", "审批", List.of("bob"), List.of(),
                List.of("net-ops")), new WorkItemClaimed("100-1", "Task_A", "carol"));
        assertThat(held.workItems().get(0).claimedBy()).isEqualTo("carol");
        assertThat(held.isParticipant("carol")).isTrue();
        // the named handler and other members wait; claiming again is carol's to do, not theirs
        assertThat(SubmitWorkItemHandler.decide(held, submit, as("bob"))).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(ClaimWorkItemHandler.claim(held, new ClaimWorkItem("Task_A", null), as("dave"), Set.of("net-ops")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.ALREADY_CLAIMED));
        assertThat(ClaimWorkItemHandler.claim(held, new ClaimWorkItem("Task_A", null), as("carol"), Set.of()))
                .isInstanceOf(Decision.Accepted.class);
        assertThat(SubmitWorkItemHandler.decide(held, submit, as("carol"))).isInstanceOf(Decision.Accepted.class);

        assertThat(ClaimWorkItemHandler.unclaim(held, new UnclaimWorkItem("Task_A", null), as("dave")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(ClaimWorkItemHandler.unclaim(held, new UnclaimWorkItem("Task_A", null),
                new CommandContext("c-1", "root", ActorRole.ADMIN, Instant.EPOCH)))
                .isEqualTo(Decision.accept(ClaimWorkItemHandler.UNCLAIMED,
                        new WorkItemUnclaimed("100-1", "Task_A", "carol")));

        Ticket released = TicketApplier.apply(held, new RecordedEvent(held.lastSeq() + 1, Instant.EPOCH, "root", "c-2",
                new WorkItemUnclaimed("100-1", "Task_A", "carol")));
        assertThat(released.workItems().get(0).claimedBy()).isNull();
        assertThat(SubmitWorkItemHandler.decide(released, submit, as("bob"))).isInstanceOf(Decision.Accepted.class);
        assertThat(ClaimWorkItemHandler.unclaim(released, new UnclaimWorkItem("Task_A", null), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_CLAIMED));
    }

    @Test
    void someoneWhoMayNotActMayNotClaim() {
        Ticket offered = given(created(), new WorkItemActivated("100-1", "Task_A", "审批", List.of("bob"), List.of(),
                List.of("net-ops")));

        assertThat(ClaimWorkItemHandler.claim(offered, new ClaimWorkItem("Task_A", null), as("mallory"), Set.of()))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
    }

    @Test
    void aNodeTheTicketDoesNotStandAtIsNotActive() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_B", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NODE_NOT_ACTIVE));
    }

    @Test
    void aSubmittedWorkItemCannotBeSubmittedTwice() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                new WorkItemSubmitted("100-1", "Task_A", Map.of()));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", "100-1", Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NODE_NOT_ACTIVE));
    }

    @Test
    void missingRequiredNodeFieldsAreRefused() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of("result")));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
    }

    @Test
    void twoWorkItemsAtOneNodeNeedADataId() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                activated("100-2", "Task_A", List.of("bob"), List.of()));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.AMBIGUOUS_WORK_ITEM));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", "100-2", Map.of()), as("bob")))
                .isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE, new WorkItemSubmitted("100-2", "Task_A", Map.of())));
    }

    /** 会签: every signer has an item at the same node; each submits by node alone and gets their own. */
    @Test
    void aSignerOfAMultiInstanceNodeSubmitsTheirOwnItemByNodeAloneOthersAreNotHandlers() {
        Ticket ticket = given(created(), activated("100-2", "Task_A", List.of("bob"), List.of()),
                activated("100-3", "Task_A", List.of("carol"), List.of()));

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("carol")))
                .isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE, new WorkItemSubmitted("100-3", "Task_A", Map.of())));
        assertThat(ClaimWorkItemHandler.claim(ticket, new ClaimWorkItem("Task_A", null), as("bob"), Set.of()))
                .isEqualTo(Decision.accept(ClaimWorkItemHandler.CLAIMED, new WorkItemClaimed("100-2", "Task_A", "bob")));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("mallory")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.AMBIGUOUS_WORK_ITEM));
    }

    /** 驳回: back to a human node this token passed; the path it passed is kept so a second return is checked too. */
    @Test
    void aHandlerReturnsTheTicketToANodeItsTokenPassedAndNowhereElse() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                new WorkItemSubmitted("100-1", "Task_A", Map.of()),
                activated("100-1", "Task_B", List.of("carol"), List.of()),
                new WorkItemSubmitted("100-1", "Task_B", Map.of()),
                activated("100-1", "Task_C", List.of("dave"), List.of()),
                activated("100-2", "Task_X", List.of("erin"), List.of()));
        assertThat(ticket.passedBy("100-1")).containsExactly("Task_A", "Task_B");

        assertThat(ReturnWorkItemHandler.decide(ticket, new ReturnWorkItem("Task_C", null, "Task_A", "金额不对"),
                as("dave"), Set.of())).isEqualTo(Decision.accept(ReturnWorkItemHandler.DONE,
                new WorkItemReturned("100-1", "Task_C", "Task_A", "金额不对")));
        assertThat(ReturnWorkItemHandler.decide(ticket, new ReturnWorkItem("Task_X", null, "Task_A", null),
                as("erin"), Set.of())).as("another branch's token never passed Task_A")
                .isInstanceOfSatisfying(Decision.Rejected.class, r -> {
                    assertThat(r.code()).isEqualTo(ErrorCode.INVALID_RETURN_TARGET);
                    assertThat(r.message()).contains("no human node before it");
                });
        assertThat(ReturnWorkItemHandler.decide(ticket, new ReturnWorkItem("Task_C", null, "Task_C", null),
                as("dave"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_RETURN_TARGET));
        assertThat(ReturnWorkItemHandler.decide(ticket, new ReturnWorkItem("Task_C", null, "Task_A", null),
                as("mallory"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(ReturnWorkItemHandler.decide(ticket, new ReturnWorkItem("Task_C", null, " ", null),
                as("dave"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));

        Ticket returned = given(new WorkItemReturned("100-1", "Task_C", "Task_A", "金额不对"));
        assertThat(returned.workItem("100-1")).isEmpty();
        assertThat(returned.passedBy("100-1")).as("back at Task_A, nothing before it was passed").isEmpty();
        Ticket closed = given(new TicketClosed("Task_X", Map.of(), "done"));
        assertThat(ReturnWorkItemHandler.decide(closed, new ReturnWorkItem("Task_X", null, "Task_A", null),
                as("erin"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_CLOSED));
        assertThat(closed.passed()).isEmpty();
    }

    /**
     * 委托: the delegate alone works the item and their submit resolves it without moving the token; the owner then
     * holds it and submits it with the required fields.
     */
    @Test
    void aDelegateWorksTheItemAndGivesItBackToTheOwnerWhoSubmitsIt() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob", "carol"), List.of("verdict")));
        assertThat(DelegateWorkItemHandler.decide(ticket, new DelegateWorkItem("Task_A", null, "bob", null),
                as("bob"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(DelegateWorkItemHandler.decide(ticket, new DelegateWorkItem("Task_A", null, "dave", null),
                as("mallory"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        Decision delegation = DelegateWorkItemHandler.decide(ticket,
                new DelegateWorkItem("Task_A", null, "dave", "核对报价"), as("bob"), Set.of());
        assertThat(delegation).isEqualTo(Decision.accept(DelegateWorkItemHandler.DONE,
                new WorkItemDelegated("100-1", "Task_A", "bob", "dave", "核对报价")));

        Ticket delegated = given(new WorkItemDelegated("100-1", "Task_A", "bob", "dave", "核对报价"));
        assertThat(delegated.workItem("100-1").orElseThrow().claimedBy()).isEqualTo("dave");
        assertThat(delegated.isParticipant("dave")).isTrue();
        for (String other : List.of("bob", "carol")) {
            assertThat(SubmitWorkItemHandler.decide(delegated, new SubmitWorkItem("Task_A", null, Map.of()),
                    as(other))).as(other).isInstanceOfSatisfying(Decision.Rejected.class,
                    r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        }
        assertThat(DelegateWorkItemHandler.decide(delegated, new DelegateWorkItem("Task_A", null, "erin", null),
                as("dave"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.ALREADY_DELEGATED));
        assertThat(ClaimWorkItemHandler.unclaim(delegated, new UnclaimWorkItem("Task_A", null), as("dave")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.ALREADY_DELEGATED));
        assertThat(SubmitWorkItemHandler.decide(delegated, new SubmitWorkItem("Task_A", null, Map.of("price", 12)),
                as("dave"))).as("required fields are the owner's to fill").isEqualTo(Decision.accept(
                SubmitWorkItemHandler.RESOLVED, new WorkItemResolved("100-1", "Task_A", "bob", Map.of("price", 12),
                        List.of())));

        Ticket resolved = given(new WorkItemResolved("100-1", "Task_A", "bob", Map.of("price", 12), List.of()));
        WorkItem back = resolved.workItem("100-1").orElseThrow();
        assertThat(back.claimedBy()).isEqualTo("bob");
        assertThat(back.delegatedBy()).isNull();
        assertThat(SubmitWorkItemHandler.decide(resolved, new SubmitWorkItem("Task_A", null, Map.of()), as("dave")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(SubmitWorkItemHandler.decide(resolved, new SubmitWorkItem("Task_A", null,
                Map.of("verdict", "ok")), as("bob"))).isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                new WorkItemSubmitted("100-1", "Task_A", Map.of("verdict", "ok"))));
    }

    /** 加签 after: the requester signs (filling the form), then the added signer; the last signature submits. */
    @Test
    void signersAddedAfterSignOnceTheRequesterHasAndTheLastSignatureSubmits() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of("verdict")));
        assertThat(SignersHandler.add(ticket, new AddSigners("Task_A", null, List.of("li"), "sideways", null),
                as("bob"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(SignersHandler.add(ticket, new AddSigners("Task_A", null, List.of("li"), "after", null),
                as("mallory"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(SignersHandler.add(ticket, new AddSigners("Task_A", null, List.of("li", " li "), "AFTER", "复核"),
                as("bob"), Set.of())).isEqualTo(Decision.accept(SignersHandler.ADDED,
                new WorkItemSignersAdded("100-1", "Task_A", "bob", List.of("li"), "after", "复核")));

        Ticket signing = given(new WorkItemSignersAdded("100-1", "Task_A", "bob", List.of("li"), "after", "复核"));
        assertThat(SubmitWorkItemHandler.decide(signing, new SubmitWorkItem("Task_A", null, Map.of()), as("li")))
                .as("li signs after bob").isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(SubmitWorkItemHandler.decide(signing, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
        assertThat(DelegateWorkItemHandler.decide(signing, new DelegateWorkItem("Task_A", null, "dave", null),
                as("bob"), Set.of())).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.SIGNING_IN_PROGRESS));
        assertThat(SubmitWorkItemHandler.decide(signing, new SubmitWorkItem("Task_A", null, Map.of("verdict", "ok")),
                as("bob"))).isEqualTo(Decision.accept(SubmitWorkItemHandler.SIGNED,
                new WorkItemSigned("100-1", "Task_A", "bob", Map.of("verdict", "ok"), List.of())));

        Ticket bobSigned = given(new WorkItemSigned("100-1", "Task_A", "bob", Map.of("verdict", "ok"), List.of()));
        assertThat(SignersHandler.remove(bobSigned, new RemoveSigners("Task_A", null, List.of("bob")), as("bob")))
                .as("the requester is no added signer").isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(SubmitWorkItemHandler.decide(bobSigned, new SubmitWorkItem("Task_A", null, Map.of("ok", true)),
                as("li"))).isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                new WorkItemSubmitted("100-1", "Task_A", Map.of("ok", true))));
        assertThat(SignersHandler.remove(bobSigned, new RemoveSigners("Task_A", null, List.of("li")), as("bob")))
                .as("taking off the one still awaited completes the item").isEqualTo(Decision.accept(
                        SignersHandler.REMOVED, new WorkItemSignersRemoved("100-1", "Task_A", List.of("li")),
                        new WorkItemSubmitted("100-1", "Task_A", Map.of())));
    }

    /** 加签 before and parallel: the before-signers first, then the requester with the co-signers, in any order. */
    @Test
    void signersBeforeSignFirstThenTheRequesterAndCoSignersAndSignedOnesCannotBeTakenOff() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                new WorkItemSignersAdded("100-1", "Task_A", "bob", List.of("li"), "before", ""),
                new WorkItemSignersAdded("100-1", "Task_A", "bob", List.of("wang"), "parallel", ""));
        assertThat(ticket.workItem("100-1").orElseThrow().signing().due()).containsExactly("li");
        assertThat(SignersHandler.add(ticket, new AddSigners("Task_A", null, List.of("zhao"), "after", null),
                as("li"), Set.of())).as("only the requester adds more").isInstanceOfSatisfying(
                Decision.Rejected.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));

        Ticket liSigned = given(new WorkItemSigned("100-1", "Task_A", "li", Map.of(), List.of()));
        assertThat(liSigned.workItem("100-1").orElseThrow().signing().due()).containsExactly("bob", "wang");
        assertThat(SignersHandler.remove(liSigned, new RemoveSigners("Task_A", null, List.of("li")), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.ALREADY_SIGNED));
        assertThat(SubmitWorkItemHandler.decide(liSigned, new SubmitWorkItem("Task_A", null, Map.of()), as("wang")))
                .isEqualTo(Decision.accept(SubmitWorkItemHandler.SIGNED,
                        new WorkItemSigned("100-1", "Task_A", "wang", Map.of(), List.of())));
        Ticket wangSigned = given(new WorkItemSigned("100-1", "Task_A", "wang", Map.of(), List.of()));
        assertThat(SubmitWorkItemHandler.decide(wangSigned, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                        new WorkItemSubmitted("100-1", "Task_A", Map.of())));
    }

    /** Every approval action is refused on a closed ticket, naming why. */
    @Test
    void aClosedTicketTakesNoReturnDelegationOrSigners() {
        Ticket closed = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                new WorkItemSubmitted("100-1", "Task_A", Map.of()), activated("100-1", "Task_B", List.of("bob"), List.of()),
                new TicketClosed("Task_B", Map.of(), "obsolete"));

        List<Decision> decisions = List.of(
                ReturnWorkItemHandler.decide(closed, new ReturnWorkItem("Task_B", null, "Task_A", null), as("bob"),
                        Set.of()),
                DelegateWorkItemHandler.decide(closed, new DelegateWorkItem("Task_B", null, "dave", null), as("bob"),
                        Set.of()),
                SignersHandler.add(closed, new AddSigners("Task_B", null, List.of("li"), "after", null), as("bob"),
                        Set.of()),
                SignersHandler.remove(closed, new RemoveSigners("Task_B", null, List.of("li")), as("bob")),
                ClaimWorkItemHandler.claim(closed, new ClaimWorkItem("Task_B", null), as("bob"), Set.of()));
        assertThat(decisions).allSatisfy(decision -> assertThat(decision).isInstanceOfSatisfying(
                Decision.Rejected.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_CLOSED)));
    }

    @Test
    void aCompletedTicketTakesNoMoreSubmits() {
        Ticket ticket = given(created(), new TicketCompleted());

        assertThat(ticket.status()).isEqualTo(TicketStatus.COMPLETED);
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_COMPLETED));
    }

    @Test
    void anUnknownTicketIsNotFound() {
        assertThat(SubmitWorkItemHandler.decide(given(), new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_NOT_FOUND));
    }

    @Test
    void aHandlerForceClosesTheTicketAndLaterActionsAreRefusedAsClosed() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                activated("100-2", "Task_B", List.of("carol"), List.of()));

        Decision close = CloseTicketHandler.decide(ticket, new CloseTicket("Task_B", Map.of("why", "dup"), "重复工单"),
                as("carol"));
        assertThat(close).isEqualTo(Decision.accept(CloseTicketHandler.DONE,
                new TicketClosed("Task_B", Map.of("why", "dup"), "重复工单")));

        Ticket closed = given(((Decision.Accepted) close).events().toArray(TicketEvent[]::new));
        assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(closed.workItems()).isEmpty();
        assertThat(SubmitWorkItemHandler.decide(closed, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_CLOSED));
    }

    @Test
    void onlyAnAdminOrAHandlerMayClose() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()));

        assertThat(CloseTicketHandler.decide(ticket, new CloseTicket(null, Map.of(), null), as("mallory")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(CloseTicketHandler.decide(ticket, new CloseTicket(null, Map.of(), "cleanup"),
                new CommandContext("c", "root", ActorRole.ADMIN, NOW))).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void onlyAFailedNodeIsRetriedAndTheRetryTypeIsChecked() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()),
                new WorkItemFailed("100-2", "Http_1", "调用接口", "HTTP 500", Map.of("status", 500)));
        CommandContext integration = new CommandContext("c", "robot", ActorRole.INTEGRATION, NOW);

        assertThat(RetryNodeHandler.decide(ticket, new RetryNode("Task_A", null, Map.of(), "produce"), integration))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_FAILED));
        assertThat(RetryNodeHandler.decide(ticket, new RetryNode("Http_1", null, Map.of(), "staging"), integration))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(RetryNodeHandler.decide(ticket, new RetryNode("Http_1", null, Map.of("fix", 1), "DEV"), integration))
                .isEqualTo(Decision.accept(RetryNodeHandler.DONE,
                        new NodeRetried("100-2", "Http_1", "dev", Map.of("fix", 1))));
        assertThat(RetryNodeHandler.decide(ticket, new RetryNode("Http_1", null, Map.of(), null), as("mallory")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void reassignmentMovesTheRightToActFromTheOldHandlersToTheNewOnes() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()));

        Decision reassign = ReassignWorkItemHandler.decide(ticket,
                new ReassignWorkItem("Task_A", null, "休假", List.of("dave", "erin", "dave")), as("bob"));
        assertThat(reassign).isEqualTo(Decision.accept(ReassignWorkItemHandler.DONE,
                new WorkItemReassigned("100-1", "Task_A", List.of("bob"), List.of("dave", "erin"), "休假")));

        Ticket after = given(((Decision.Accepted) reassign).events().toArray(TicketEvent[]::new));
        assertThat(SubmitWorkItemHandler.decide(after, new SubmitWorkItem("Task_A", null, Map.of()), as("bob")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(SubmitWorkItemHandler.decide(after, new SubmitWorkItem("Task_A", null, Map.of()), as("erin")))
                .isInstanceOf(Decision.Accepted.class);
        assertThat(ReassignWorkItemHandler.decide(after, new ReassignWorkItem("Task_A", null, "x", List.of()),
                as("dave"))).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void theParticipantsAreTheOpenerAndEveryoneWhoEverHeldAWorkItem() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob", "carol"), List.of()),
                new WorkItemReassigned("100-1", "Task_A", List.of("bob", "carol"), List.of("dave"), "休假"),
                new WorkItemSubmitted("100-1", "Task_A", Map.of()),
                activated("100-2", "Task_B", List.of("bob", "erin"), List.of()));

        assertThat(ticket.participants()).containsExactly("alice", "bob", "carol", "dave", "erin");
        assertThat(ticket.isParticipant("carol")).as("reassigned away, still a reader").isTrue();
        assertThat(ticket.isParticipant("mallory")).isFalse();
        assertThat(given(new TicketClosed(null, Map.of(), "done")).participants()).contains("dave");
    }

    @Test
    void anAuditorWritesNothingEvenWhereItIsAHandler() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("audra"), List.of()));
        CommandContext auditor = new CommandContext("c", "audra", ActorRole.AUDITOR, NOW);

        assertThat(CommandDecider.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), auditor,
                CommandDecider.Lookups.NONE)).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(CommandDecider.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of()), as("audra"),
                CommandDecider.Lookups.NONE)).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void variablesAreUpdatedAtANodeByItsHandlerOrByAnAdmin() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of()));

        assertThat(UpdateVariablesHandler.decide(ticket, new UpdateVariables("Task_A", Map.of("x", 1)), as("bob")))
                .isEqualTo(Decision.accept(UpdateVariablesHandler.DONE, new VariablesUpdated("Task_A", Map.of("x", 1))));
        assertThat(UpdateVariablesHandler.decide(ticket, new UpdateVariables("Task_A", Map.of("x", 1)), as("eve")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(UpdateVariablesHandler.decide(ticket, new UpdateVariables(null, Map.of("x", 1)),
                new CommandContext("c", "root", ActorRole.ADMIN, NOW))).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void aFlowAskingForStartVerificationOpensTheTicketOnlyWithTheOpenersToken() {
        var verified = new FlowCatalogEntry("flow-v", 2, List.of(), true);
        var attachment = new AttachmentInfo("65f0c0ffee", "log.txt", "text/plain", 12);
        CommandContext alice = new CommandContext("c1", "alice", ActorRole.USER, NOW, "s3cret");

        Decision requested = CreateTicketHandler.decide(given(), new CreateTicket("flow-v", "t", "d",
                Map.of("x", 1), List.of("65f0c0ffee")), alice, Optional.of(verified), List.of(attachment));
        assertThat(requested).isEqualTo(Decision.accept(CreateTicketHandler.AWAITING_VERIFICATION,
                new TicketVerificationRequested("flow-v", 2, "t", "d", "alice", Map.of("x", 1), List.of(attachment),
                        "s3cret")));

        Ticket pending = given(((Decision.Accepted) requested).events().toArray(TicketEvent[]::new));
        assertThat(pending.status()).isEqualTo(TicketStatus.PENDING_VERIFICATION);
        assertThat(pending.pending().tokenHash()).doesNotContain("s3cret");
        assertThat(SubmitWorkItemHandler.decide(pending, new SubmitWorkItem("Task_A", null, Map.of()), as("alice")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.TICKET_PENDING_VERIFICATION));
        assertThat(VerifyTicketHandler.decide(pending, new VerifyTicket("guess"), as("alice")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED));
        assertThat(VerifyTicketHandler.decide(pending, new VerifyTicket("s3cret"), as("mallory")))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN));
        Decision opened = VerifyTicketHandler.decide(pending, new VerifyTicket("s3cret"), as("alice"));
        assertThat(opened).isEqualTo(Decision.accept(VerifyTicketHandler.DONE,
                new TicketCreated("flow-v", 2, "t", "d", "alice", Map.of("x", 1), List.of(attachment))));

        Ticket running = given(((Decision.Accepted) opened).events().toArray(TicketEvent[]::new));
        assertThat(running.status()).isEqualTo(TicketStatus.RUNNING);
        assertThat(running.attachments()).containsExactly(attachment);
        assertThat(running.pending()).isNull();
    }

    @Test
    void attachmentsNotUploadedForThisTicketAreRefused() {
        Decision decision = CreateTicketHandler.decide(given(), new CreateTicket("flow-1", "t", "d",
                Map.of("title", "x"), List.of("nope")), as("alice"), Optional.of(FLOW), List.of());

        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(r.message()).contains("nope");
        });
    }

    @Test
    void aFlowsIntegrationPushesAnyOfItsWorkItemsByDataIdAlone() {
        Ticket ticket = given(created(), activated("100-1", "Task_A", List.of("bob"), List.of("verdict")));
        CommandContext integration = new CommandContext("c", Principals.flowIntegration("flow-1"),
                ActorRole.INTEGRATION, NOW);
        CommandContext otherFlow = new CommandContext("c", Principals.flowIntegration("flow-2"),
                ActorRole.INTEGRATION, NOW);

        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem(null, "100-1", Map.of("verdict", "ok")),
                integration)).isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                new WorkItemSubmitted("100-1", "Task_A", Map.of("verdict", "ok"))));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem(null, "100-1", Map.of("verdict", "ok")),
                otherFlow)).isInstanceOfSatisfying(Decision.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_A_HANDLER));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem(null, "100-1", Map.of()), integration))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING));
        assertThat(SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem(null, null, Map.of()), integration))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void aSubmitAttachesTheFilesUploadedForItsTicketAndOnlyThose() {
        var logFile = new AttachmentInfo("65f0c0ffee", "log.txt", "text/plain", 12);
        var opening = new AttachmentInfo("65f0c0ffed", "screen.png", "image/png", 99);
        Ticket ticket = given(new TicketCreated("flow-1", 1, "t", "d", "alice", Map.of(), List.of(opening)),
                activated("100-1", "Task_A", List.of("bob"), List.of()));

        Decision refused = SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of(),
                List.of("65f0c0ffee", "foreign")), as("bob"), List.of(logFile), Set.of());
        assertThat(refused).isInstanceOfSatisfying(Decision.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(r.message()).contains("foreign").doesNotContain("65f0c0ffee");
        });

        Decision submitted = SubmitWorkItemHandler.decide(ticket, new SubmitWorkItem("Task_A", null, Map.of(),
                List.of("65f0c0ffee")), as("bob"), List.of(logFile), Set.of());
        assertThat(submitted).isEqualTo(Decision.accept(SubmitWorkItemHandler.DONE,
                new WorkItemSubmitted("100-1", "Task_A", Map.of(), List.of(logFile))));
        Ticket after = given(((Decision.Accepted) submitted).events().toArray(TicketEvent[]::new));
        assertThat(after.attachments()).containsExactly(opening, logFile);
        assertThat(after.workItems()).isEmpty();
    }

    private static TicketCreated created() {
        return new TicketCreated("flow-1", 1, "t", "d", "alice", Map.of());
    }

    private static WorkItemActivated activated(String dataId, String nodeId, List<String> handlers,
                                               List<String> required) {
        return new WorkItemActivated(dataId, nodeId, nodeId + " name", handlers, required);
    }
}
