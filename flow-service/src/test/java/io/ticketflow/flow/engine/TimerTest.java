package io.ticketflow.flow.engine;

import static io.ticketflow.flow.engine.Bpmn.end;
import static io.ticketflow.flow.engine.Bpmn.flow;
import static io.ticketflow.flow.engine.Bpmn.multiInstanceTask;
import static io.ticketflow.flow.engine.Bpmn.process;
import static io.ticketflow.flow.engine.Bpmn.start;
import static io.ticketflow.flow.engine.Bpmn.userTask;
import static io.ticketflow.flow.engine.Harness.T0;
import static io.ticketflow.flow.engine.model.NodeType.BOUNDARY_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.END_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.TIMER_CATCH_EVENT;
import static io.ticketflow.flow.engine.model.NodeType.USER_TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.flow.engine.event.EngineEvent.IncidentRaised;
import io.ticketflow.flow.engine.event.EngineEvent.NodeEntered;
import io.ticketflow.flow.engine.event.EngineEvent.NodeLeft;
import io.ticketflow.flow.engine.event.EngineEvent.ProcessTerminated;
import io.ticketflow.flow.engine.event.EngineEvent.TimerCancelled;
import io.ticketflow.flow.engine.event.EngineEvent.TimerFired;
import io.ticketflow.flow.engine.event.EngineEvent.TimerScheduled;
import io.ticketflow.flow.engine.event.EngineEvent.TokenCreated;
import io.ticketflow.flow.engine.event.EngineEvent.TokenEnded;
import io.ticketflow.flow.engine.event.EngineEvent.TokenWithdrawn;
import io.ticketflow.flow.engine.event.EngineEvent.UserTaskActivated;
import io.ticketflow.flow.engine.model.FlowModel;
import io.ticketflow.flow.engine.state.Token;
import io.ticketflow.flow.engine.state.TokenStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timer boundary events (interrupting and not, with cycles) and timer catch events: exact event sequences, time driven
 * by the harness's clock.
 */
class TimerTest {

    private final Harness harness = new Harness();

    private static String boundary(String id, String attachedTo, boolean interrupting, String kind, String text) {
        return "<bpmn:boundaryEvent id=\"" + id + "\" attachedToRef=\"" + attachedTo + "\""
                + (interrupting ? "" : " cancelActivity=\"false\"") + "><bpmn:timerEventDefinition><bpmn:" + kind
                + " xsi:type=\"bpmn:tFormalExpression\">" + text + "</bpmn:" + kind
                + "></bpmn:timerEventDefinition></bpmn:boundaryEvent>";
    }

    /** review (alice) with a timer boundary that leads to escalate (boss). */
    private FlowModel reviewWithTimer(boolean interrupting, String kind, String text) {
        return harness.model(process(start("s"), userTask("review", "alice"),
                boundary("late", "review", interrupting, kind, text), userTask("escalate", "boss"), end("e"),
                end("e2"), flow("f1", "s", "review"), flow("f2", "review", "e"), flow("f3", "late", "escalate"),
                flow("f4", "escalate", "e2")));
    }

    @Test
    void anInterruptingTimerTakesTheTokenFromItsTaskWhenDueAndNotBefore() {
        FlowModel model = reviewWithTimer(true, "timeDuration", "PT4H");
        Step waiting = harness.start(model, Map.of());
        assertThat(waiting.events()).endsWith(
                new UserTaskActivated("T-1", "review", "review", List.of("alice"), List.of()),
                new TimerScheduled("T-1:late", "T-1", "late", "review", T0.plus(Duration.ofHours(4)), 0, null));

        harness.clock.advance(Duration.ofHours(4).minusSeconds(1));
        assertThat(harness.fireTimer(model, waiting, "T-1:late", Map.of())).as("not due yet").isEmpty();

        harness.clock.advance(Duration.ofSeconds(1));
        Step fired = harness.fireTimer(model, waiting, "T-1:late", Map.of()).orElseThrow();

        assertThat(fired.events()).containsExactly(
                new TimerFired("T-1:late", "T-1", "late", "review", true),
                new NodeEntered("T-1", "late", BOUNDARY_EVENT),
                new NodeLeft("T-1", "late", "f3"),
                new NodeEntered("T-1", "escalate", USER_TASK),
                new UserTaskActivated("T-1", "escalate", "escalate", List.of("boss"), List.of()));
        assertThat(fired.state().tokens().values()).containsExactly(new Token("T-1", "escalate", TokenStatus.WAITING));
        assertThat(fired.state().timers()).isEmpty();
        assertThat(harness.fireTimer(model, fired, "T-1:late", Map.of())).as("fires once").isEmpty();
    }

    @Test
    void completingTheTaskCancelsItsTimerWhichThenNeverFires() {
        FlowModel model = reviewWithTimer(true, "timeDuration", "PT4H");
        Step waiting = harness.start(model, Map.of());

        Step done = harness.complete(model, waiting, "T-1", Map.of());

        assertThat(done.events()).startsWith(new TimerCancelled("T-1:late", "T-1", "late"),
                new NodeLeft("T-1", "review", "f2"));
        assertThat(done.state().timers()).isEmpty();
        harness.clock.advance(Duration.ofHours(5));
        assertThat(harness.fireTimer(model, done, "T-1:late", Map.of())).isEmpty();
    }

    @Test
    void aNonInterruptingCycleSendsANewTokenEachTimeWhileTheTaskWaitsOn() {
        FlowModel model = reviewWithTimer(false, "timeCycle", "R2/PT1H");
        Step waiting = harness.start(model, Map.of());
        assertThat(waiting.events()).endsWith(
                new TimerScheduled("T-1:late", "T-1", "late", "review", T0.plus(Duration.ofHours(1)), 1, "PT1H"));

        harness.clock.advance(Duration.ofHours(1));
        Step first = harness.fireTimer(model, waiting, "T-1:late", Map.of()).orElseThrow();
        assertThat(first.events()).containsExactly(
                new TimerFired("T-1:late", "T-1", "late", "review", false),
                new TimerScheduled("T-1:late", "T-1", "late", "review", T0.plus(Duration.ofHours(2)), 0, "PT1H"),
                new TokenCreated("T-2", "late", null),
                new NodeEntered("T-2", "late", BOUNDARY_EVENT),
                new NodeLeft("T-2", "late", "f3"),
                new NodeEntered("T-2", "escalate", USER_TASK),
                new UserTaskActivated("T-2", "escalate", "escalate", List.of("boss"), List.of()));
        assertThat(first.state().tokens().values()).containsExactly(
                new Token("T-1", "review", TokenStatus.WAITING), new Token("T-2", "escalate", TokenStatus.WAITING));

        harness.clock.advance(Duration.ofHours(1));
        Step second = harness.fireTimer(model, first, "T-1:late", Map.of()).orElseThrow();
        assertThat(second.events()).startsWith(new TimerFired("T-1:late", "T-1", "late", "review", false),
                new TokenCreated("T-3", "late", null));
        assertThat(second.state().timers()).as("R2: two firings, then none").isEmpty();
    }

    @Test
    void aTimerCatchEventWaitsUntilTheDateAnExpressionGives() {
        FlowModel model = harness.model(process(start("s"),
                "<bpmn:intermediateCatchEvent id=\"wait\" name=\"Until the deadline\"><bpmn:timerEventDefinition>"
                        + "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">${deadline}</bpmn:timeDate>"
                        + "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
                end("e"), flow("f1", "s", "wait"), flow("f2", "wait", "e")));

        Step waiting = harness.start(model, Map.of("deadline", "2026-12-03T10:00:00+01:00"));
        assertThat(waiting.events()).endsWith(new NodeEntered("T-1", "wait", TIMER_CATCH_EVENT),
                new TimerScheduled("T-1:wait", "T-1", "wait", null, java.time.Instant.parse("2026-12-03T09:00:00Z"),
                        0, null));
        assertThat(waiting.state().tokens().values()).containsExactly(new Token("T-1", "wait", TokenStatus.TIMER));

        harness.clock.advance(Duration.ofDays(3));
        Step fired = harness.fireTimer(model, waiting, "T-1:wait", Map.of()).orElseThrow();
        assertThat(fired.events()).containsExactly(
                new TimerFired("T-1:wait", "T-1", "wait", null, true),
                new NodeLeft("T-1", "wait", "f2"),
                new NodeEntered("T-1", "e", END_EVENT),
                new TokenEnded("T-1", "e"),
                new io.ticketflow.flow.engine.event.EngineEvent.ProcessCompleted());
    }

    @Test
    void aTimerWhoseTextCannotBeReadIsAnIncidentOfItsTask() {
        FlowModel model = reviewWithTimer(true, "timeDuration", "${sla}");
        Step started = harness.start(model, Map.of("sla", "four hours"));

        assertThat(started.events().get(started.events().size() - 1)).isInstanceOfSatisfying(IncidentRaised.class,
                incident -> {
                    assertThat(incident.nodeId()).isEqualTo("review");
                    assertThat(incident.reason()).contains("timer late cannot start").contains("four hours");
                    assertThat(incident.details()).containsEntry("timerEvent", "late");
                });
        assertThat(started.state().timers()).isEmpty();

        Step retried = harness.retry(model, started, "T-1", Map.of("sla", "PT2H"));
        assertThat(retried.events()).endsWith(
                new TimerScheduled("T-1:late", "T-1", "late", "review", T0.plus(Duration.ofHours(2)), 0, null));
    }

    @Test
    void anInterruptingTimerOnAMultiInstanceTaskWithdrawsItsInstances() {
        FlowModel model = harness.model(process(start("s"),
                multiInstanceTask("sign", "${signer}", false, "${signers}", "signer", null, null),
                boundary("late", "sign", true, "timeDuration", "P1D"), userTask("escalate", "boss"), end("e"),
                end("e2"), flow("f1", "s", "sign"), flow("f2", "sign", "e"), flow("f3", "late", "escalate"),
                flow("f4", "escalate", "e2")));
        Step waiting = harness.start(model, Map.of("signers", List.of("ann", "bob")));
        assertThat(waiting.state().timers()).containsOnlyKeys("T-1:late");

        harness.clock.advance(Duration.ofDays(1));
        Step fired = harness.fireTimer(model, waiting, "T-1:late", Map.of()).orElseThrow();

        assertThat(fired.events()).startsWith(
                new TokenWithdrawn("T-2", "sign", "timer late fired"),
                new TokenWithdrawn("T-3", "sign", "timer late fired"),
                new TimerFired("T-1:late", "T-1", "late", "sign", true),
                new NodeEntered("T-1", "late", BOUNDARY_EVENT));
        assertThat(fired.state().loops()).isEmpty();
        assertThat(fired.state().tokens().values()).containsExactly(new Token("T-1", "escalate", TokenStatus.WAITING));
    }

    @Test
    void closingTheTicketCancelsItsTimers() {
        FlowModel model = reviewWithTimer(false, "timeCycle", "R/PT1H");
        Step closed = harness.terminate(harness.start(model, Map.of()), "closed");

        assertThat(closed.events()).containsExactly(
                new TimerCancelled("T-1:late", "T-1", "late"),
                new TokenWithdrawn("T-1", "review", "closed"),
                new ProcessTerminated("closed"));
        assertThat(closed.state().timers()).isEmpty();
    }

    @Test
    void aTimerOfANodeTheModelNoLongerHasIsDroppedWithoutFiring() {
        FlowModel model = reviewWithTimer(true, "timeDuration", "PT1H");
        Step waiting = harness.start(model, Map.of());
        FlowModel without = harness.model(process(start("s"), userTask("review", "alice"), end("e"),
                flow("f1", "s", "review"), flow("f2", "review", "e")));

        harness.clock.advance(Duration.ofHours(1));
        Step dropped = harness.fireTimer(without, waiting, "T-1:late", Map.of()).orElseThrow();

        assertThat(dropped.events()).containsExactly(new TimerCancelled("T-1:late", "T-1", "late"));
        assertThat(dropped.state().tokens().values()).containsExactly(new Token("T-1", "review", TokenStatus.WAITING));
    }
}
