package io.ticketflow.flow.engine.parse;

import io.ticketflow.flow.engine.model.FlowModel;
import java.util.List;

/** Either a model and no problems, or every problem found and no model. */
public record ParseResult(FlowModel model, List<Problem> problems) {

    public ParseResult {
        problems = List.copyOf(problems);
        if ((model == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a parse result has either a model or problems");
        }
    }

    public boolean isValid() {
        return model != null;
    }
}
