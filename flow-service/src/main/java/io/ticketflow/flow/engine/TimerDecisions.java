package io.ticketflow.flow.engine;

import io.ticketflow.flow.engine.expression.ExpressionEvaluator;
import io.ticketflow.flow.engine.expression.ExpressionException;
import io.ticketflow.flow.engine.model.TimerDefinition;
import java.time.Instant;
import java.util.Map;

/** When a timer that starts now is due: its definition's expressions evaluated, then read as ISO 8601 or cron. */
final class TimerDecisions {

    private final ExpressionEvaluator expressions;

    TimerDecisions(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** @throws IllegalArgumentException when the text cannot be evaluated or read; the message says why */
    TimerSchedule schedule(TimerDefinition timer, Map<String, Object> variables, Instant now) {
        String text;
        try {
            text = expressions.render(timer.text(), variables);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("the timer's expression '" + timer.text() + "' failed: "
                    + e.getMessage(), e);
        }
        return TimerSchedule.first(timer.kind(), text, now);
    }
}
