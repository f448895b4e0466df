package io.ticketflow.flow.engine.parse;

import io.ticketflow.flow.engine.model.FlowModel;
import java.util.List;

/**
 * Either a model and no problems, or every problem found and no model. {@code warnings} name what runs differently
 * from what the diagram's tool would do (e.g. a Java delegate done by a job worker); they never stop a publish.
 */
public record ParseResult(FlowModel model, List<Problem> problems, List<Problem> warnings) {

    public ParseResult(FlowModel model, List<Problem> problems) {
        this(model, problems, List.of());
    }

    public ParseResult {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        if ((model == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a parse result has either a model or problems");
        }
    }

    public boolean isValid() {
        return model != null;
    }
}
