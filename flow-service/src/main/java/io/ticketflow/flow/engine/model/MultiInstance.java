package io.ticketflow.flow.engine.model;

/**
 * A user task's {@code multiInstanceLoopCharacteristics}: countersign (会签, every instance must finish) or
 * either-sign (或签, a completion condition such as {@code ${nrOfCompletedInstances >= 1}} ends it early).
 *
 * @param sequential          instances one after another ({@code isSequential="true"}) instead of all at once
 * @param collection          an expression yielding the list to run over ({@code ${approvers}}; a plain variable
 *                            name is read as one); null when only a cardinality is given
 * @param elementVariable     the variable each instance sees its element in; may be null
 * @param loopCardinality     an expression or a number giving how many instances; used when there is no collection
 * @param completionCondition evaluated after each finished instance with {@code nrOfInstances},
 *                            {@code nrOfCompletedInstances}, {@code nrOfActiveInstances} and the variables; true ends
 *                            the loop and cancels the instances still waiting; may be null (every instance finishes)
 */
public record MultiInstance(boolean sequential, String collection, String elementVariable, String loopCardinality,
                            String completionCondition) {
}
